using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Training.Optim;

/// <summary>
/// AdamW with PyTorch's torch.optim.AdamW semantics (decoupled weight decay p *= 1 - lr wd, then Adam with
/// bias correction; defaults lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01, where TorchSharp's
/// AdamW defaults to 0), fused: on the CPU each float32 parameter is updated in one pass over p, g, m and v
/// (LibTorch's op-by-op AdamW makes seven passes, 5-7 ms a step for flux-tiny's 2.3 M weights); elsewhere
/// (CUDA, half precision) the same update runs as LibTorch ops. Elementwise, so any split over threads gives
/// the same bits. Moments are exported by parameter name for resume.
/// Parameters without a gradient this step are skipped (their moments are left as they are).
/// </summary>
public sealed class FusedAdamW : IDisposable
{
    private readonly (string Name, Tensor Parameter)[] _parameters;
    private readonly Tensor[] _m;
    private readonly Tensor[] _v;

    public FusedAdamW(IEnumerable<(string Name, Tensor Parameter)> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0.01)
    {
        _parameters = parameters.ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in _parameters)
        {
            if (!names.Add(name))
            {
                throw new ArgumentException($"adamw: parameter name '{name}' appears twice; state is keyed by name.");
            }
        }
        _m = _parameters.Select(p => Moment(p.Parameter)).ToArray();
        _v = _parameters.Select(p => Moment(p.Parameter)).ToArray();
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    /// <summary>May be changed between steps (schedules).</summary>
    public double LearningRate { get; set; }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Epsilon { get; }

    public double WeightDecay { get; }

    /// <summary>Completed steps (bias correction uses StepCount after increment).</summary>
    public long StepCount { get; private set; }

    /// <summary>For tests: run the LibTorch-op update even where the fused CPU pass applies.</summary>
    internal bool ForceTensorOps { get; init; }

    /// <summary>Applies one update from the parameters' current gradients.</summary>
    public void Step()
    {
        StepCount++;
        // Hyperparameters in float32, bias corrections in double: the own engine's AdamW rounded them so.
        float learningRate = (float)LearningRate, beta1 = (float)Beta1, beta2 = (float)Beta2;
        double bc1 = 1 - Math.Pow(beta1, StepCount);
        double bc2 = 1 - Math.Pow(beta2, StepCount);
        var constants = new UpdateConstants(
            Decay: 1f - learningRate * (float)WeightDecay,
            Beta1: beta1,
            Beta2: beta2,
            StepSize: (float)(learningRate / bc1),
            InvSqrtBc2: (float)(1 / Math.Sqrt(bc2)),
            Epsilon: (float)Epsilon);
        var slices = new List<Slice>();
        using var noGrad = no_grad();
        for (int i = 0; i < _parameters.Length; i++)
        {
            Tensor p = _parameters[i].Parameter;
            if (p.grad is not { } g)
            {
                continue;
            }
            if (!ForceTensorOps && IsFusable(p) && IsFusable(g))
            {
                AddSlices(slices, p, g, _m[i], _v[i]);
            }
            else
            {
                UpdateWithTensorOps(p, g, _m[i], _v[i], constants);
            }
        }
        // Elementwise: fixed slices spread over the threads give the same bits at any thread count.
        Parallel.For(0, slices.Count, s => slices[s].Update(constants));
    }

    /// <summary>Drops every parameter's gradient (set to none, as PyTorch's zero_grad does by default).</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in _parameters)
        {
            if (p.grad is { } g)
            {
                g.Dispose();
                p.grad = null;
            }
        }
    }

    /// <summary>Moments as named arrays: "{name}.exp_avg" and "{name}.exp_avg_sq" (float32 copies).</summary>
    public IReadOnlyDictionary<string, float[]> ExportState()
    {
        var state = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (int i = 0; i < _parameters.Length; i++)
        {
            state[_parameters[i].Name + ".exp_avg"] = ToArray(_m[i]);
            state[_parameters[i].Name + ".exp_avg_sq"] = ToArray(_v[i]);
        }
        return state;
    }

    /// <summary>Restores moments and step count saved by <see cref="ExportState"/>; every parameter must be present with its size.</summary>
    public void ImportState(IReadOnlyDictionary<string, float[]> state, long stepCount)
    {
        if (stepCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stepCount), $"adamw: step count {stepCount} is negative.");
        }
        for (int i = 0; i < _parameters.Length; i++)
        {
            Load(state, _parameters[i].Name + ".exp_avg", _m[i]);
            Load(state, _parameters[i].Name + ".exp_avg_sq", _v[i]);
        }
        StepCount = stepCount;
    }

    public void Dispose()
    {
        foreach (Tensor t in _m.Concat(_v))
        {
            t.Dispose();
        }
    }

    private static Tensor Moment(Tensor parameter) =>
        zeros_like(parameter, dtype: ScalarType.Float32).DetachFromDisposeScope();

    private static bool IsFusable(Tensor t) =>
        t.device_type == DeviceType.CPU && t.dtype == ScalarType.Float32 && t.is_contiguous();

    /// <summary>The LibTorch-op form of the update (m and v in float32 whatever the parameter's dtype).</summary>
    private static void UpdateWithTensorOps(Tensor p, Tensor g, Tensor m, Tensor v, UpdateConstants c)
    {
        using var scope = NewDisposeScope();
        Tensor g32 = g.to_type(ScalarType.Float32);
        m.mul_(c.Beta1).add_(g32, alpha: 1 - c.Beta1);
        v.mul_(c.Beta2).addcmul_(g32, g32, value: 1 - c.Beta2);
        Tensor denominator = v.sqrt().mul_(c.InvSqrtBc2).add_(c.Epsilon);
        Tensor updated = p.to_type(ScalarType.Float32).mul_(c.Decay).addcdiv_(m, denominator, value: -c.StepSize);
        p.copy_(updated);
    }

    private static float[] ToArray(Tensor t) => t.cpu().data<float>().ToArray();

    private static void Load(IReadOnlyDictionary<string, float[]> state, string key, Tensor destination)
    {
        if (!state.TryGetValue(key, out float[]? source))
        {
            throw new KeyNotFoundException($"adamw: optimizer state has no '{key}'.");
        }
        if (source.Length != destination.numel())
        {
            throw new ArgumentException($"adamw: optimizer state '{key}' has {source.Length} values, the parameter has {destination.numel()}.");
        }
        using Tensor stored = tensor(source, destination.shape, device: destination.device);
        destination.copy_(stored);
    }

    /// <summary>Elements per parallel work item.</summary>
    private const int SliceLength = 1 << 15;

    private static unsafe void AddSlices(List<Slice> slices, Tensor p, Tensor g, Tensor m, Tensor v)
    {
        float* pp = DataPointer(p), gp = DataPointer(g), mp = DataPointer(m), vp = DataPointer(v);
        long n = p.numel();
        for (long start = 0; start < n; start += SliceLength)
        {
            int length = (int)Math.Min(SliceLength, n - start);
            slices.Add(new Slice(pp + start, gp + start, mp + start, vp + start, length));
        }
    }

    private static unsafe float* DataPointer(Tensor t)
    {
        using var storage = t.storage<float>();
        return (float*)storage.data_ptr() + t.storage_offset();
    }

    private readonly record struct UpdateConstants(float Decay, float Beta1, float Beta2, float StepSize, float InvSqrtBc2, float Epsilon);

    /// <summary>A contiguous run of one parameter and its gradient and moments (CPU memory owned by LibTorch, alive for the step).</summary>
    private readonly unsafe struct Slice(float* p, float* g, float* m, float* v, int length)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Update(UpdateConstants c)
        {
            var ps = new Span<float>(p, length);
            var gs = new ReadOnlySpan<float>(g, length);
            var ms = new Span<float>(m, length);
            var vs = new Span<float>(v, length);
            ref float pr = ref MemoryMarshal.GetReference(ps);
            ref float gr = ref MemoryMarshal.GetReference(gs);
            ref float mr = ref MemoryMarshal.GetReference(ms);
            ref float vr = ref MemoryMarshal.GetReference(vs);
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var b1 = Vector256.Create(c.Beta1);
                var c1 = Vector256.Create(1f - c.Beta1);
                var b2 = Vector256.Create(c.Beta2);
                var c2 = Vector256.Create(1f - c.Beta2);
                var decay = Vector256.Create(c.Decay);
                var stepSize = Vector256.Create(c.StepSize);
                var inv = Vector256.Create(c.InvSqrtBc2);
                var eps = Vector256.Create(c.Epsilon);
                for (; i <= length - 8; i += 8)
                {
                    var gv = Vector256.LoadUnsafe(ref gr, (nuint)i);
                    var mv = b1 * Vector256.LoadUnsafe(ref mr, (nuint)i) + c1 * gv;
                    var vv = b2 * Vector256.LoadUnsafe(ref vr, (nuint)i) + c2 * gv * gv;
                    mv.StoreUnsafe(ref mr, (nuint)i);
                    vv.StoreUnsafe(ref vr, (nuint)i);
                    var pv = Vector256.LoadUnsafe(ref pr, (nuint)i) * decay - stepSize * mv / (Vector256.Sqrt(vv) * inv + eps);
                    pv.StoreUnsafe(ref pr, (nuint)i);
                }
            }
            // Same operations in the same order as the vector loop, so every element rounds alike.
            for (; i < length; i++)
            {
                float gi = gs[i];
                ms[i] = c.Beta1 * ms[i] + (1f - c.Beta1) * gi;
                vs[i] = c.Beta2 * vs[i] + (1f - c.Beta2) * gi * gi;
                ps[i] = ps[i] * c.Decay - c.StepSize * ms[i] / (MathF.Sqrt(vs[i]) * c.InvSqrtBc2 + c.Epsilon);
            }
        }
    }
}
