using EpochCompare.Tensors;
using EpochCompare.Tensors.Memory;

namespace EpochCompare.Cli.Benchmarks;

/// <summary>
/// Per-op forward timings of the engine's tensor ops on one transformer activation ([4 x 272 tokens, 128]),
/// without a graph and with pooled memory, as a sampler would run them.
/// </summary>
internal sealed class OpsBench : IBenchSection
{
    private const int Batch = 4, Tokens = 272, Hidden = 128;

    public string Name => "ops";

    public string Description => "per-op forward microseconds on a [4, 272, 128] activation";

    public bool RunsByDefault(BenchSettings settings) => true;

    public void Run(BenchContext context)
    {
        int previous = TensorThreads.Max;
        TensorThreads.Max = context.Settings.Threads;
        try
        {
            Tensor x = Tensor.FromArray(BenchData.Random(Batch * Tokens * Hidden, 1), Batch, Tokens, Hidden);
            Tensor y = Tensor.FromArray(BenchData.Random(Batch * Tokens * Hidden, 2), Batch, Tokens, Hidden);
            Tensor norm = Tensor.FromArray(BenchData.Random(Hidden, 3), Hidden);
            Tensor shift = Tensor.FromArray(BenchData.Random(Batch * Hidden, 4), Batch, Hidden);
            Tensor scale = Tensor.FromArray(BenchData.Random(Batch * Hidden, 5), Batch, Hidden);
            Tensor weight = Tensor.FromArray(BenchData.Random(3 * Hidden * Hidden, 6), 3 * Hidden, Hidden);
            Tensor bias = Tensor.FromArray(BenchData.Random(3 * Hidden, 7), 3 * Hidden);

            Time(context, "add", () => Ops.Add(x, y));
            Time(context, "mul", () => Ops.Mul(x, y));
            Time(context, "silu", () => Ops.Silu(x));
            Time(context, "gelu", () => Ops.Gelu(x));
            Time(context, "layer_norm", () => Ops.LayerNorm(x));
            Time(context, "rms_norm", () => Ops.RmsNorm(x, norm));
            Time(context, "softmax", () => Ops.Softmax(x));
            Time(context, "modulate", () => Ops.Modulate(x, shift, scale));
            Time(context, "layer_norm_modulate", () => Ops.LayerNormModulate(x, shift, scale));
            Time(context, "linear_qkv", () => Ops.Linear(x, weight, bias));
        }
        finally
        {
            TensorThreads.Max = previous;
        }
    }

    private static void Time(BenchContext context, string op, Func<Tensor> run)
    {
        BenchTiming timing = context.Measure(() =>
        {
            using var noGrad = new NoGrad();
            using var scope = new TensorScope();
            run();
        });
        context.Report($"op_{op}_us", timing.BestMs * 1e3,
            $"op {op,-20} [{Batch}, {Tokens}, {Hidden}]: {timing.BestMs * 1e3,9:F1} us best, {timing.MedianMs * 1e3,9:F1} median");
    }
}
