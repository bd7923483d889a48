namespace EpochCompare.Tensors.Kernels;

/// <summary>
/// The plain SGEMM every fast GEMM is tested against. Row-major storage throughout:
/// C[m x n] = alpha * op(A) @ op(B) + beta * C, where op(A) is m x k and op(B) is k x n.
/// Without transposition A is stored m x k (row stride lda >= k); with it A is stored k x m (lda >= m).
/// Likewise B is stored k x n (ldb >= n), or n x k (ldb >= k) when transposed.
/// Accumulates in double so it is a trustworthy reference for float kernels.
/// </summary>
public static class GemmReference
{
    public static void Sgemm(
        bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        GemmShape.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[p * lda + i] : a[i * lda + p];
                    float bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += (double)av * bv;
                }
                float prior = beta == 0f ? 0f : beta * c[i * ldc + j];
                c[i * ldc + j] = (float)(alpha * sum) + prior;
            }
        }
    }
}
