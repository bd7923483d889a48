using EpochCompare.Tensors.Kernels;

namespace EpochCompare.Tensors.Tests.Kernels;

public class GemmTests
{
    private static readonly int[] OddSizes = [1, 7, 37, 129, 257];

    public static TheoryData<GemmPath> Paths => new() { GemmPath.Vector512, GemmPath.Vector256, GemmPath.Scalar };

    public static TheoryData<bool, bool> TransposeCases => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(TransposeCases))]
    public void BestPathMatchesReferenceOnOddShapesInEveryDimension(bool transA, bool transB)
    {
        // Each odd size in each of m, n, k, with the other two at a size that is not a multiple of any tile.
        foreach (int size in OddSizes)
        {
            CheckAgainstReference(GemmPath.Auto, 2, transA, transB, size, 45, 29, 1f, 0f, 0);
            CheckAgainstReference(GemmPath.Auto, 2, transA, transB, 45, size, 29, 1f, 0f, 0);
            CheckAgainstReference(GemmPath.Auto, 2, transA, transB, 45, 29, size, 1f, 0f, 0);
        }
        CheckAgainstReference(GemmPath.Auto, 2, transA, transB, 257, 129, 600, 1f, 0f, 0);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void EveryPathMatchesReferenceForEveryTransposeAndAlphaBeta(GemmPath path)
    {
        foreach (var (transA, transB) in new[] { (false, false), (false, true), (true, false), (true, true) })
        {
            CheckAgainstReference(path, 1, transA, transB, 37, 41, 300, 1f, 0f, 0);
            CheckAgainstReference(path, 2, transA, transB, 13, 70, 7, -0.5f, 1f, 3);
            CheckAgainstReference(path, 2, transA, transB, 29, 33, 37, 2f, 0.25f, 5);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void OneAndTwoThreadsGiveIdenticalBits(GemmPath path)
    {
        // Big enough for the parallel split, including a second KC panel and several row blocks.
        int m = path == GemmPath.Scalar ? 70 : 203, n = path == GemmPath.Scalar ? 50 : 150, k = 300;
        foreach (var (transA, transB) in new[] { (false, false), (false, true), (true, false) })
        {
            float[] a = Random(m * k, 1), b = Random(k * n, 2), c0 = Random(m * n, 3);
            float[] c1 = (float[])c0.Clone(), c2 = (float[])c0.Clone();
            Gemm.Sgemm(path, 1, transA, transB, m, n, k, 0.75f, a, transA ? m : k, b, transB ? k : n, 0.5f, c1, n);
            Gemm.Sgemm(path, 2, transA, transB, m, n, k, 0.75f, a, transA ? m : k, b, transB ? k : n, 0.5f, c2, n);
            Assert.Equal(c1, c2);
        }
    }

    [Fact]
    public void AllPathsGiveIdenticalBits()
    {
        // Every kernel runs the same fma sequence per element, so the path does not change the result.
        const int m = 31, n = 45, k = 270;
        float[] a = Random(m * k, 4), b = Random(n * k, 5);
        float[]? first = null;
        foreach (GemmPath path in new[] { GemmPath.Vector512, GemmPath.Vector256, GemmPath.Scalar })
        {
            var c = new float[m * n];
            Gemm.Sgemm(path, 2, false, true, m, n, k, 1f, a, k, b, k, 0f, c, n);
            if (first is null)
            {
                first = c;
            }
            else
            {
                Assert.Equal(first, c);
            }
        }
    }

    [Fact]
    public void BetaZeroIgnoresNaNInOutputAndZeroKScalesC()
    {
        float[] a = Random(5 * 3, 6), b = Random(3 * 4, 7);
        float[] c = Enumerable.Repeat(float.NaN, 5 * 4).ToArray();
        Gemm.Sgemm(false, false, 5, 4, 3, 1f, a, 3, b, 4, 0f, c, 4);
        Assert.All(c, v => Assert.False(float.IsNaN(v)));

        float[] d = [1f, 2f, 3f, 4f];
        Gemm.Sgemm(false, false, 2, 2, 0, 1f, [], 1, [], 2, 3f, d, 2);
        Assert.Equal([3f, 6f, 9f, 12f], d);
    }

    [Fact]
    public void LeadingDimensionsLargerThanColumnsLeavePaddingUntouched()
    {
        const int m = 19, n = 21, k = 23, lda = 30, ldb = 27, ldc = 25;
        float[] a = Random(m * lda, 8), b = Random(k * ldb, 9);
        float[] c = Random(m * ldc, 10);
        float[] expected = (float[])c.Clone();
        GemmReference.Sgemm(false, false, m, n, k, 1.5f, a, lda, b, ldb, -1f, expected, ldc);
        Gemm.Sgemm(false, false, m, n, k, 1.5f, a, lda, b, ldb, -1f, c, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                Assert.Equal(expected[i * ldc + j], c[i * ldc + j], Tolerance(k));
            }
        }
    }

    [Fact]
    public void BadShapesThrowWithTheShapeInTheMessage()
    {
        var small = new float[10];
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 4, 4, 4, 1f, small, 4, new float[16], 4, 0f, new float[16], 4));
        Assert.Contains("A is 4x4", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, true, 4, 4, 4, 1f, new float[16], 4, new float[16], 3, 0f, new float[16], 4));
        Assert.Contains("leading dimension of B", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, -1, 4, 4, 1f, new float[16], 4, new float[16], 4, 0f, new float[16], 4));
        Assert.Contains("negative size", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(GemmPath.Auto, 0, false, false, 1, 1, 1, 1f, new float[1], 1, new float[1], 1, 0f, new float[1], 1));
    }

    private static void CheckAgainstReference(GemmPath path, int threads, bool transA, bool transB, int m, int n, int k, float alpha, float beta, int pad)
    {
        int lda = (transA ? m : k) + pad, ldb = (transB ? k : n) + pad, ldc = n + pad;
        float[] a = Random((transA ? k : m) * lda, m * 31 + k);
        float[] b = Random((transB ? n : k) * ldb, n * 17 + k);
        float[] c = Random(m * ldc, m + n);
        float[] expected = (float[])c.Clone();
        GemmReference.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
        Gemm.Sgemm(path, threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        double tolerance = Tolerance(k) * Math.Max(1f, Math.Abs(alpha));
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                float want = expected[i * ldc + j], got = c[i * ldc + j];
                if (Math.Abs(want - got) > tolerance)
                {
                    Assert.Fail($"{path} t={threads} transA={transA} transB={transB} m={m} n={n} k={k} alpha={alpha} beta={beta}: C[{i},{j}] = {got}, reference {want}");
                }
            }
        }
    }

    /// <summary>Float accumulation error bound for k products of values in [-1, 1].</summary>
    private static double Tolerance(int k) => 1e-5 + 2e-6 * k;

    private static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return values;
    }
}
