using EpochCompare.Tensors.Kernels;

namespace EpochCompare.Tensors.Tests.Kernels;

public class AttentionTests
{
    public static TheoryData<int, int, int, int> Shapes => new()
    {
        // batch, heads, length, headDim
        { 1, 1, 1, 8 },
        { 1, 2, 7, 8 },
        { 2, 1, 37, 64 },
        { 1, 2, 129, 64 },
        { 1, 2, 272, 64 },
        { 1, 1, 37, 128 },
        { 1, 1, 300, 8 },
        { 4, 2, 150, 16 }, // 8 planes: the wider query tiles
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardMatchesReference(int batch, int heads, int length, int headDim)
    {
        var (q, k, v) = Inputs(batch, heads, length, headDim, seed: length + headDim);
        float scale = 1f / MathF.Sqrt(headDim);
        int size = q.Length, rows = batch * heads * length;
        float[] want = new float[size], wantLse = new float[rows], got = new float[size], gotLse = new float[rows];
        AttentionReference.Forward(q, k, v, want, wantLse, batch, heads, length, headDim, scale);
        Attention.Forward(q, k, v, got, gotLse, batch, heads, length, headDim, scale);
        AssertClose(want, got, 2e-5, "output");
        AssertClose(wantLse, gotLse, 2e-5, "logsumexp");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BackwardMatchesReference(int batch, int heads, int length, int headDim)
    {
        var (q, k, v) = Inputs(batch, heads, length, headDim, seed: 3 * length + headDim);
        float[] dOut = Random(q.Length, 99);
        float scale = 1f / MathF.Sqrt(headDim);
        int size = q.Length, rows = batch * heads * length;
        float[] output = new float[size], lse = new float[rows];
        AttentionReference.Forward(q, k, v, output, lse, batch, heads, length, headDim, scale);

        float[] wantQ = new float[size], wantK = new float[size], wantV = new float[size];
        float[] gotQ = new float[size], gotK = new float[size], gotV = Enumerable.Repeat(float.NaN, size).ToArray();
        AttentionReference.Backward(q, k, v, output, lse, dOut, wantQ, wantK, wantV, batch, heads, length, headDim, scale);
        Attention.Backward(q, k, v, output, lse, dOut, gotQ, gotK, gotV, batch, heads, length, headDim, scale);
        AssertClose(wantQ, gotQ, 5e-5, "dq");
        AssertClose(wantK, gotK, 5e-5, "dk");
        AssertClose(wantV, gotV, 5e-5, "dv");
    }

    [Fact]
    public void LargeScoresStayFiniteThanksToTheOnlineMax()
    {
        // Scores around ±400 overflow a naive exp; the running max keeps every tile in range.
        const int length = 300, headDim = 8;
        var (q, k, v) = Inputs(1, 1, length, headDim, seed: 5);
        for (int i = 0; i < q.Length; i++)
        {
            q[i] *= 40f;
            k[i] *= 40f;
        }
        float[] want = new float[q.Length], wantLse = new float[length], got = new float[q.Length], gotLse = new float[length];
        AttentionReference.Forward(q, k, v, want, wantLse, 1, 1, length, headDim, 0.5f);
        Attention.Forward(q, k, v, got, gotLse, 1, 1, length, headDim, 0.5f);
        AssertClose(want, got, 1e-4, "output");
        AssertClose(wantLse, gotLse, 1e-6 * 2000, "logsumexp");
    }

    [Fact]
    public void OneAndTwoThreadsGiveIdenticalBits()
    {
        const int batch = 2, heads = 2, length = 150, headDim = 32;
        var (q, k, v) = Inputs(batch, heads, length, headDim, seed: 11);
        float[] dOut = Random(q.Length, 12);
        int size = q.Length, rows = batch * heads * length;
        var results = new List<float[][]>();
        foreach (int threads in new[] { 1, 2 })
        {
            float[] o = new float[size], lse = new float[rows], dq = new float[size], dk = new float[size], dv = new float[size];
            Attention.Forward(threads, q, k, v, o, lse, batch, heads, length, headDim, 0.2f);
            Attention.Backward(threads, q, k, v, o, lse, dOut, dq, dk, dv, batch, heads, length, headDim, 0.2f);
            results.Add([o, lse, dq, dk, dv]);
        }
        for (int i = 0; i < results[0].Length; i++)
        {
            Assert.Equal(results[0][i], results[1][i]);
        }
    }

    [Fact]
    public void ShortBuffersThrowWithTheShape()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Attention.Forward(new float[64], new float[64], new float[63], new float[64], new float[8], 1, 1, 8, 8, 1f));
        Assert.Contains("attention forward: v has 63 floats", ex.Message);
        Assert.Contains("length=8, headDim=8", ex.Message);
        ex = Assert.Throws<ArgumentException>(() =>
            Attention.Backward(new float[64], new float[64], new float[64], new float[64], new float[7], new float[64], new float[64], new float[64], new float[64], 1, 1, 8, 8, 1f));
        Assert.Contains("attention backward: logSumExp has 7 floats", ex.Message);
        Assert.Throws<ArgumentException>(() => Attention.Forward(new float[1], new float[1], new float[1], new float[1], new float[1], 1, -1, 1, 1, 1f));
    }

    private static (float[] Q, float[] K, float[] V) Inputs(int batch, int heads, int length, int headDim, int seed)
    {
        int size = batch * heads * length * headDim;
        return (Random(size, seed), Random(size, seed + 1), Random(size, seed + 2));
    }

    private static void AssertClose(float[] want, float[] got, double tolerance, string name)
    {
        for (int i = 0; i < want.Length; i++)
        {
            double scaleOf = Math.Max(1.0, Math.Abs(want[i]));
            if (!(Math.Abs(want[i] - got[i]) <= tolerance * scaleOf))
            {
                Assert.Fail($"{name}[{i}] = {got[i]}, reference {want[i]} (tolerance {tolerance})");
            }
        }
    }

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
