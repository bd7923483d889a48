namespace EpochCompare.Tensors.Tests;

public class RopeTests
{
    /// <summary>pe [batch, 1, L, pairs, 2, 2] of rotation matrices [[cos, -sin], [sin, cos]] with random angles.</summary>
    internal static Tensor RandomRotations(Random rng, int batch, int length, int pairs)
    {
        var pe = Tensor.Zeros(batch, 1, length, pairs, 2, 2);
        var s = pe.Span;
        for (int i = 0; i < batch * length * pairs; i++)
        {
            double a = rng.NextDouble() * 6.28;
            s[4 * i] = (float)Math.Cos(a);
            s[4 * i + 1] = (float)-Math.Sin(a);
            s[4 * i + 2] = (float)Math.Sin(a);
            s[4 * i + 3] = (float)Math.Cos(a);
        }
        return pe;
    }

    [Fact]
    public void RotatesInterleavedPairsLikeFlux()
    {
        // One token, head dim 4: pair 0 rotated by 90 degrees, pair 1 by 0 degrees.
        var pe = Tensor.FromArray([0f, -1f, 1f, 0f, 1f, 0f, 0f, 1f], 1, 1, 1, 2, 2, 2);
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 1, 1, 1, 4);
        var y = Ops.ApplyRope(x, pe);
        // (x0, x1) = (1, 2) -> (cos*1 - sin*2, sin*1 + cos*2) = (-2, 1)
        Assert.Equal([-2f, 1f, 3f, 4f], y.ToArray());
    }

    [Fact]
    public void PreservesNormAndBroadcastsOverHeadsAndBatch()
    {
        var rng = new Random(3);
        var pe = RandomRotations(rng, 1, 4, 3);
        var x = GradCheck.Random(rng, 2, 3, 4, 6);
        var y = Ops.ApplyRope(x, pe);
        var xs = x.Span; var ys = y.Span;
        for (int p = 0; p < x.Count / 2; p++)
        {
            double nx = xs[2 * p] * xs[2 * p] + xs[2 * p + 1] * xs[2 * p + 1];
            double ny = ys[2 * p] * ys[2 * p] + ys[2 * p + 1] * ys[2 * p + 1];
            Assert.Equal(nx, ny, 5);
        }
        // Same token in another head and batch entry gets the same rotation.
        var pes = pe.Span;
        int token = 2, pair = 1;
        int at = ((1 * 3 + 2) * 4 + token) * 6 + 2 * pair;
        float c = pes[(token * 3 + pair) * 4], sNeg = pes[(token * 3 + pair) * 4 + 1];
        Assert.Equal(c * xs[at] + sNeg * xs[at + 1], ys[at], 5);
    }

    [Fact]
    public void RejectsMismatchedPe()
    {
        var x = Tensor.Zeros(1, 2, 4, 6);
        var ex = Assert.Throws<ArgumentException>(() => Ops.ApplyRope(x, Tensor.Zeros(1, 1, 4, 2, 2, 2)));
        Assert.Contains("apply_rope", ex.Message);
        Assert.Contains("[1, 2, 4, 6]", ex.Message);
    }
}
