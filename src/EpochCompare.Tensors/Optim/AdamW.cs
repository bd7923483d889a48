using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EpochCompare.Tensors.Optim;

/// <summary>
/// AdamW (Loshchilov and Hutter; PyTorch torch.optim.AdamW semantics): decoupled weight decay
/// p -= lr * wd * p, then Adam with bias correction:
/// m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
/// Defaults are PyTorch's: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01.
/// Parameters without a gradient this step are skipped (their moments are left as they are).
/// <see cref="ExportState"/>/<see cref="ImportState"/> carry the moments (by parameter name) and the step count for resume.
/// </summary>
public sealed class AdamW
{
    private readonly Parameter[] _parameters;
    private readonly float[][] _m;
    private readonly float[][] _v;

    public AdamW(IEnumerable<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float weightDecay = 0.01f)
    {
        _parameters = parameters.ToArray();
        var names = new HashSet<string>();
        foreach (var p in _parameters)
        {
            if (!names.Add(p.Name))
            {
                throw new ArgumentException($"adamw: parameter name '{p.Name}' appears twice; state is keyed by name.");
            }
        }
        _m = _parameters.Select(p => new float[p.Count]).ToArray();
        _v = _parameters.Select(p => new float[p.Count]).ToArray();
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    /// <summary>May be changed between steps (schedules).</summary>
    public float LearningRate { get; set; }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Epsilon { get; }

    public float WeightDecay { get; }

    /// <summary>Completed steps (bias correction uses StepCount after increment).</summary>
    public long StepCount { get; private set; }

    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Applies one update from the parameters' current gradients.</summary>
    public void Step()
    {
        StepCount++;
        double bc1 = 1 - Math.Pow(Beta1, StepCount);
        double bc2 = 1 - Math.Pow(Beta2, StepCount);
        float stepSize = (float)(LearningRate / bc1);
        float invSqrtBc2 = (float)(1 / Math.Sqrt(bc2));
        float decay = 1f - LearningRate * WeightDecay;
        // Elementwise, so any split gives the same bits: fixed slices of the parameters, spread over the threads.
        var slices = new List<(int Index, int Start, int Length)>();
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (_parameters[i].Grad is null)
            {
                continue;
            }
            for (int start = 0; start < _parameters[i].Count; start += UpdateSlice)
            {
                slices.Add((i, start, Math.Min(UpdateSlice, _parameters[i].Count - start)));
            }
        }
        TensorThreads.For(slices.Count, 1, (s0, s1) =>
        {
            for (int s = s0; s < s1; s++)
            {
                var (i, start, length) = slices[s];
                var p = _parameters[i];
                Update(p.Span.Slice(start, length), p.Grad!.Span.Slice(start, length), _m[i].AsSpan(start, length), _v[i].AsSpan(start, length),
                    decay, Beta1, Beta2, stepSize, invSqrtBc2, Epsilon);
            }
        });
    }

    /// <summary>Elements per parallel work item of <see cref="Step"/>.</summary>
    private const int UpdateSlice = 1 << 15;

    /// <summary>Drops every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            p.ZeroGrad();
        }
    }

    /// <summary>Moments as named arrays: "{name}.exp_avg" and "{name}.exp_avg_sq" (copies).</summary>
    public IReadOnlyDictionary<string, float[]> ExportState()
    {
        var state = new Dictionary<string, float[]>();
        for (int i = 0; i < _parameters.Length; i++)
        {
            state[_parameters[i].Name + ".exp_avg"] = (float[])_m[i].Clone();
            state[_parameters[i].Name + ".exp_avg_sq"] = (float[])_v[i].Clone();
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

    private static void Load(IReadOnlyDictionary<string, float[]> state, string key, float[] dst)
    {
        if (!state.TryGetValue(key, out var src))
        {
            throw new KeyNotFoundException($"adamw: optimizer state has no '{key}'.");
        }
        if (src.Length != dst.Length)
        {
            throw new ArgumentException($"adamw: optimizer state '{key}' has {src.Length} values, the parameter has {dst.Length}.");
        }
        src.CopyTo(dst, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v,
        float decay, float b1, float b2, float stepSize, float invSqrtBc2, float eps)
    {
        int n = p.Length, i = 0;
        ref float pr = ref MemoryMarshal.GetReference(p);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float vr = ref MemoryMarshal.GetReference(v);
        if (Vector512.IsHardwareAccelerated)
        {
            var vb1 = Vector512.Create(b1); var vc1 = Vector512.Create(1f - b1);
            var vb2 = Vector512.Create(b2); var vc2 = Vector512.Create(1f - b2);
            var vDecay = Vector512.Create(decay); var vStep = Vector512.Create(stepSize);
            var vInv = Vector512.Create(invSqrtBc2); var vEps = Vector512.Create(eps);
            for (; i <= n - 16; i += 16)
            {
                var gv = Vector512.LoadUnsafe(ref gr, (nuint)i);
                var mv = vb1 * Vector512.LoadUnsafe(ref mr, (nuint)i) + vc1 * gv;
                var vv = vb2 * Vector512.LoadUnsafe(ref vr, (nuint)i) + vc2 * gv * gv;
                mv.StoreUnsafe(ref mr, (nuint)i);
                vv.StoreUnsafe(ref vr, (nuint)i);
                var pv = Vector512.LoadUnsafe(ref pr, (nuint)i) * vDecay - vStep * mv / (Vector512.Sqrt(vv) * vInv + vEps);
                pv.StoreUnsafe(ref pr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var vb1 = Vector256.Create(b1); var vc1 = Vector256.Create(1f - b1);
            var vb2 = Vector256.Create(b2); var vc2 = Vector256.Create(1f - b2);
            var vDecay = Vector256.Create(decay); var vStep = Vector256.Create(stepSize);
            var vInv = Vector256.Create(invSqrtBc2); var vEps = Vector256.Create(eps);
            for (; i <= n - 8; i += 8)
            {
                var gv = Vector256.LoadUnsafe(ref gr, (nuint)i);
                var mv = vb1 * Vector256.LoadUnsafe(ref mr, (nuint)i) + vc1 * gv;
                var vv = vb2 * Vector256.LoadUnsafe(ref vr, (nuint)i) + vc2 * gv * gv;
                mv.StoreUnsafe(ref mr, (nuint)i);
                vv.StoreUnsafe(ref vr, (nuint)i);
                var pv = Vector256.LoadUnsafe(ref pr, (nuint)i) * vDecay - vStep * mv / (Vector256.Sqrt(vv) * vInv + vEps);
                pv.StoreUnsafe(ref pr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float gi = g[i];
            m[i] = b1 * m[i] + (1f - b1) * gi;
            v[i] = b2 * v[i] + (1f - b2) * gi * gi;
            p[i] = p[i] * decay - stepSize * m[i] / (MathF.Sqrt(v[i]) * invSqrtBc2 + eps);
        }
    }
}
