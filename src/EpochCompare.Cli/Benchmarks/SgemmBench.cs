using EpochCompare.Tensors.Kernels;

namespace EpochCompare.Cli.Benchmarks;

/// <summary>SGEMM GFLOP/s: the 1024³ headline (threads and 1 thread) and transformer-sized shapes in each layout.</summary>
internal sealed class SgemmBench : IBenchSection
{
    /// <summary>(M, N, K): attention projections, MLP up and MLP down at FLUX-tiny-like widths.</summary>
    private static readonly (int M, int N, int K)[] TransformerShapes =
    [
        (256, 384, 128),
        (512, 768, 256),
        (1024, 2048, 512),
    ];

    public string Name => "sgemm";

    public string Description => "SGEMM GFLOP/s at 1024^3 and transformer shapes (NN, NT, TN)";

    public bool RunsByDefault(BenchSettings settings) => true;

    public void Run(BenchContext context)
    {
        int threads = context.Settings.Threads;
        Measure(context, 1024, 1024, 1024, false, false, threads, "sgemm_1024_gflops");
        if (threads != 1)
        {
            Measure(context, 1024, 1024, 1024, false, false, 1, "sgemm_1024_1t_gflops");
        }
        foreach (var (m, n, k) in TransformerShapes)
        {
            foreach (var (transA, transB) in new[] { (false, false), (false, true), (true, false) })
            {
                string layout = Layout(transA, transB);
                Measure(context, m, n, k, transA, transB, threads, $"sgemm_m{m}_n{n}_k{k}_{layout.ToLowerInvariant()}_gflops");
            }
        }
    }

    private static void Measure(BenchContext context, int m, int n, int k, bool transA, bool transB, int threads, string key)
    {
        float[] a = BenchData.Random(m * k, 1), b = BenchData.Random(k * n, 2), c = new float[m * n];
        int lda = transA ? m : k, ldb = transB ? k : n;
        BenchTiming timing = context.Measure(() =>
            Gemm.Sgemm(GemmPath.Auto, threads, transA, transB, m, n, k, 1f, a, lda, b, ldb, 0f, c, n));
        double flops = 2.0 * m * n * k;
        context.Report(key, timing.BestGflops(flops),
            $"sgemm {m}x{n}x{k} {Layout(transA, transB)} {threads}t: {timing.BestGflops(flops),7:F1} GFLOP/s best, {timing.MedianGflops(flops),7:F1} median");
    }

    private static string Layout(bool transA, bool transB) => $"{(transA ? 'T' : 'N')}{(transB ? 'T' : 'N')}";
}
