namespace EpochCompare.Tensors.Kernels;

/// <summary>Argument checks shared by every GEMM implementation, so all reject the same inputs the same way.</summary>
public static class GemmShape
{
    public static void Validate(
        bool transA, bool transB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentException($"sgemm: negative size m={m} n={n} k={k}.");
        }
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        Check("A", aRows, aCols, aLength, lda, m, n, k);
        Check("B", bRows, bCols, bLength, ldb, m, n, k);
        Check("C", m, n, cLength, ldc, m, n, k);
    }

    private static void Check(string name, int rows, int cols, int length, int ld, int m, int n, int k)
    {
        if (rows == 0 || cols == 0)
        {
            return;
        }
        if (ld < cols)
        {
            throw new ArgumentException($"sgemm (m={m} n={n} k={k}): leading dimension of {name} is {ld}, less than its {cols} columns.");
        }
        long needed = (long)(rows - 1) * ld + cols;
        if (length < needed)
        {
            throw new ArgumentException($"sgemm (m={m} n={n} k={k}): {name} is {rows}x{cols} with stride {ld} and needs {needed} floats, got {length}.");
        }
    }
}
