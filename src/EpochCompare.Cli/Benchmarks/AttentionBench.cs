using EpochCompare.Tensors.Kernels;

namespace EpochCompare.Cli.Benchmarks;

/// <summary>Fused attention forward and backward at FLUX-tiny sizes (heads 2, 272 tokens, head dim 64) and a longer sequence.</summary>
internal sealed class AttentionBench : IBenchSection
{
    private static readonly (int Batch, int Heads, int Length, int HeadDim)[] Shapes =
    [
        (1, 2, 272, 64),
        (4, 2, 272, 64),
        (1, 4, 1024, 64),
    ];

    public string Name => "attention";

    public string Description => "fused attention forward/backward milliseconds";

    public bool RunsByDefault(BenchSettings settings) => true;

    public void Run(BenchContext context)
    {
        int threads = context.Settings.Threads;
        foreach (var (batch, heads, length, headDim) in Shapes)
        {
            int size = batch * heads * length * headDim;
            float[] q = BenchData.Random(size, 1), k = BenchData.Random(size, 2), v = BenchData.Random(size, 3), dOut = BenchData.Random(size, 4);
            float[] o = new float[size], lse = new float[batch * heads * length];
            float[] dq = new float[size], dk = new float[size], dv = new float[size];
            float scale = 1f / MathF.Sqrt(headDim);
            string name = $"b{batch}_h{heads}_l{length}_d{headDim}";
            // Forward: QKᵀ and PV; backward: QKᵀ again, dOVᵀ, PᵀdO, dS·K, dSᵀQ.
            double forwardFlops = 4.0 * batch * heads * length * length * headDim;
            double backwardFlops = 2.5 * forwardFlops;

            BenchTiming forward = context.Measure(() => Attention.Forward(threads, q, k, v, o, lse, batch, heads, length, headDim, scale));
            context.Report($"attention_{name}_fwd_ms", forward.BestMs,
                $"attention {name} forward  {threads}t: {forward.BestMs,8:F3} ms best, {forward.MedianMs,8:F3} median ({forward.BestGflops(forwardFlops):F1} GFLOP/s)");
            BenchTiming backward = context.Measure(() => Attention.Backward(threads, q, k, v, o, lse, dOut, dq, dk, dv, batch, heads, length, headDim, scale));
            context.Report($"attention_{name}_bwd_ms", backward.BestMs,
                $"attention {name} backward {threads}t: {backward.BestMs,8:F3} ms best, {backward.MedianMs,8:F3} median ({backward.BestGflops(backwardFlops):F1} GFLOP/s)");
        }
    }
}
