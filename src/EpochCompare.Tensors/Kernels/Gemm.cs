namespace EpochCompare.Tensors.Kernels;

/// <summary>
/// The SGEMM the engine calls. Same contract as <see cref="GemmReference.Sgemm"/>.
/// Deterministic: the same inputs give the same bits on any thread count.
/// </summary>
public static class Gemm
{
    public static void Sgemm(
        bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        // Placeholder until the packed kernel lands: correct, slow.
        GemmReference.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }
}
