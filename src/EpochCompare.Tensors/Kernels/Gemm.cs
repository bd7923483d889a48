using System.Runtime.Intrinsics;

namespace EpochCompare.Tensors.Kernels;

/// <summary>
/// The SGEMM the engine calls. Same contract as <see cref="GemmReference.Sgemm"/>.
/// Packed and register-blocked (see <see cref="GemmDriver{TKernel}"/>), on the widest SIMD the CPU
/// accelerates, multithreaded over output blocks. Deterministic: the same inputs give the same bits
/// on any thread count, and on every path (all kernels do the same fma sequence per element).
/// </summary>
public static class Gemm
{
    /// <summary>Threads a call uses unless told otherwise: the engine-wide <see cref="TensorThreads.Max"/>.</summary>
    public static int DefaultThreads => TensorThreads.Max;

    /// <summary>The path <see cref="GemmPath.Auto"/> resolves to on this CPU.</summary>
    public static GemmPath BestPath =>
        Vector512.IsHardwareAccelerated ? GemmPath.Vector512
        : Vector256.IsHardwareAccelerated ? GemmPath.Vector256
        : GemmPath.Scalar;

    public static void Sgemm(
        bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        Sgemm(GemmPath.Auto, DefaultThreads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// The same GEMM on a chosen path and thread count (tests and benchmarks). A path the CPU does not
    /// accelerate still runs (the runtime emulates the vector width), only slowly.
    /// </summary>
    public static unsafe void Sgemm(
        GemmPath path, int threads, bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        GemmShape.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "sgemm: thread count must be at least 1.");
        }
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            Run(path, threads, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }

    /// <summary>Single-threaded, unchecked pointer entry for kernels that parallelise at an outer level (attention).</summary>
    internal static unsafe void SgemmSerial(
        bool transA, bool transB, int m, int n, int k,
        float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        Run(GemmPath.Auto, 1, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    private static unsafe void Run(
        GemmPath path, int threads, bool transA, bool transB, int m, int n, int k,
        float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        switch (path == GemmPath.Auto ? BestPath : path)
        {
            case GemmPath.Vector512:
                GemmDriver<GemmKernel512>.Run(threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
                break;
            case GemmPath.Vector256:
                GemmDriver<GemmKernel256>.Run(threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
                break;
            default:
                GemmDriver<GemmKernelScalar>.Run(threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
                break;
        }
    }
}
