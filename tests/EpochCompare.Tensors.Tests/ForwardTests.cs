namespace EpochCompare.Tensors.Tests;

/// <summary>Forward values against independent formulas computed in double.</summary>
public class ForwardTests
{
    private readonly Random _rng = new(99);

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void MatMulMatchesNaiveProduct(bool ta, bool tb)
    {
        int m = 7, n = 5, k = 9;
        var a = GradCheck.Random(_rng, ta ? [k, m] : [m, k]);
        var b = GradCheck.Random(_rng, tb ? [n, k] : [k, n]);
        var c = Ops.MatMul(a, b, ta, tb).Span;
        var av = a.Span; var bv = b.Span;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    s += (double)(ta ? av[p * m + i] : av[i * k + p]) * (tb ? bv[j * k + p] : bv[p * n + j]);
                }
                Assert.Equal(s, c[i * n + j], 4);
            }
        }
    }

    [Fact]
    public void LinearAddsBiasPerOutput()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        var w = Tensor.FromArray([1f, 0f, 0f, 1f, 1f, 1f], 3, 2);
        var b = Tensor.FromArray([10f, 20f, 30f], 3);
        Assert.Equal([11f, 22f, 33f, 13f, 24f, 37f], Ops.Linear(x, w, b).ToArray());
    }

    [Fact]
    public void BroadcastsOverTokens()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], 2, 2, 2);
        var s = Tensor.FromArray([10f, 20f, 30f, 40f], 2, 1, 2);
        Assert.Equal([11f, 22f, 13f, 24f, 35f, 46f, 37f, 48f], Ops.Add(x, s).ToArray());
        Assert.Equal([9f, 18f, 7f, 16f, 25f, 34f, 23f, 32f], Ops.Sub(s, x).ToArray());
        Assert.Equal([2f, 4f, 6f, 8f, 10f, 12f, 14f, 16f], (x * Tensor.Scalar(2f)).ToArray());
        Assert.Equal([0f, 0f, 2f, 2f, 4f, 4f, 6f, 6f], Ops.Sub(x, Tensor.FromArray([1f, 2f], 2)).ToArray());
    }

    [Fact]
    public void ActivationsMatchFormulas()
    {
        var x = GradCheck.Random(_rng, 70);
        for (int i = 0; i < x.Count; i++) { x.Span[i] *= 5f; }
        var silu = Ops.Silu(x).Span;
        var gelu = Ops.Gelu(x).Span;
        for (int i = 0; i < x.Count; i++)
        {
            double v = x.Span[i];
            Assert.Equal(v / (1 + Math.Exp(-v)), silu[i], 2e-6 * Math.Max(1, Math.Abs(v)));
            Assert.Equal(0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))), gelu[i], 2e-6 * Math.Max(1, Math.Abs(v)));
        }
    }

    [Fact]
    public void NormsMatchFormulas()
    {
        var x = GradCheck.Random(_rng, 3, 10);
        var w = GradCheck.Random(_rng, 10);
        var ln = Ops.LayerNorm(x).Span;
        var rms = Ops.RmsNorm(x, w).Span;
        for (int r = 0; r < 3; r++)
        {
            var row = x.Span.Slice(r * 10, 10).ToArray().Select(v => (double)v).ToArray();
            double mean = row.Average();
            double var = row.Select(v => (v - mean) * (v - mean)).Average();
            double ms = row.Select(v => v * v).Average();
            for (int j = 0; j < 10; j++)
            {
                Assert.Equal((row[j] - mean) / Math.Sqrt(var + 1e-6), ln[r * 10 + j], 4);
                Assert.Equal(row[j] / Math.Sqrt(ms + 1e-6) * w.Span[j], rms[r * 10 + j], 5);
            }
        }
    }

    [Fact]
    public void FusedModulationMatchesComposition()
    {
        var x = GradCheck.Random(_rng, 2, 3, 8);
        var shift = GradCheck.Random(_rng, 2, 1, 8);
        var scale = GradCheck.Random(_rng, 2, 1, 8);
        var gate = GradCheck.Random(_rng, 2, 1, 8);
        var one = Tensor.Scalar(1f);
        var composed = Ops.Add(Ops.Mul(Ops.Add(one, scale), Ops.LayerNorm(x)), shift).ToArray();
        var fused = Ops.LayerNormModulate(x, shift, scale).ToArray();
        for (int i = 0; i < fused.Length; i++) { Assert.Equal(composed[i], fused[i], 5); }
        var mod = Ops.Modulate(x, shift, scale).ToArray();
        var modRef = Ops.Add(Ops.Mul(Ops.Add(one, scale), x), shift).ToArray();
        for (int i = 0; i < mod.Length; i++) { Assert.Equal(modRef[i], mod[i], 5); }
        var res = Ops.GatedResidual(x, gate, scale.Shape.SequenceEqual(x.Shape) ? scale : Ops.Mul(x, x)).ToArray();
        var resRef = Ops.Add(x, Ops.Mul(gate, Ops.Mul(x, x))).ToArray();
        for (int i = 0; i < res.Length; i++) { Assert.Equal(resRef[i], res[i], 5); }
    }

    [Fact]
    public void SoftmaxRowsSumToOneAndAttentionMatchesExplicitSoftmax()
    {
        var q = GradCheck.Random(_rng, 1, 2, 5, 4);
        var k = GradCheck.Random(_rng, 1, 2, 5, 4);
        var v = GradCheck.Random(_rng, 1, 2, 5, 4);
        var p = Ops.Softmax(Ops.Scale(Ops.MatMul(q, k, transB: true), 0.5f));
        var ps = p.Span;
        for (int r = 0; r < 10; r++)
        {
            double sum = 0;
            for (int j = 0; j < 5; j++) { sum += ps[r * 5 + j]; }
            Assert.Equal(1.0, sum, 5);
        }
        var expected = Ops.MatMul(p, v).ToArray();
        var actual = Ops.Attention(q, k, v).ToArray(); // default scale 1/sqrt(4) = 0.5
        for (int i = 0; i < actual.Length; i++) { Assert.Equal(expected[i], actual[i], 5); }
    }

    [Fact]
    public void HeadsHelpersMatchReshapePermute()
    {
        int b = 2, l = 3, h = 2, d = 4;
        var qkv = GradCheck.Random(_rng, b, l, 3 * h * d);
        var (q, k, v) = Ops.SplitQkvHeads(qkv, h);
        var general = Ops.Permute(Ops.Reshape(qkv, b, l, 3, h, d), 2, 0, 3, 1, 4); // [3, B, H, L, D]
        var parts = Ops.Chunk(general, 3, 0);
        Assert.Equal(parts[0].ToArray(), q.ToArray());
        Assert.Equal(parts[1].ToArray(), k.ToArray());
        Assert.Equal(parts[2].ToArray(), v.ToArray());
        Assert.Equal([b, h, l, d], q.Shape.ToArray());

        var merged = Ops.MergeHeads(q);
        var mergedRef = Ops.Reshape(Ops.Permute(q, 0, 2, 1, 3), b, l, h * d);
        Assert.Equal(mergedRef.ToArray(), merged.ToArray());
    }

    [Fact]
    public void ConcatSliceRoundTrip()
    {
        var a = GradCheck.Random(_rng, 2, 3, 4);
        var c = GradCheck.Random(_rng, 2, 5, 4);
        var joined = Ops.Concat([a, c], 1);
        Assert.Equal([2, 8, 4], joined.Shape.ToArray());
        Assert.Equal(a.ToArray(), Ops.Slice(joined, 1, 0, 3).ToArray());
        Assert.Equal(c.ToArray(), Ops.Slice(joined, 1, 3, 5).ToArray());
    }

    [Fact]
    public void ReductionsAndMse()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        Assert.Equal(21f, Ops.Sum(x).Item());
        Assert.Equal(3.5f, Ops.Mean(x).Item());
        Assert.Equal([5f, 7f, 9f], Ops.Sum(x, 0).ToArray());
        Assert.Equal([2f, 5f], Ops.Mean(x, 1).ToArray());
        Assert.Equal([2, 1], Ops.Mean(x, 1, keepDim: true).Shape.ToArray());
        var t = Tensor.FromArray([1f, 0f, 3f, 4f, 5f, 9f], 2, 3);
        Assert.Equal((4f + 9f) / 6f, Ops.MseLoss(x, t).Item(), 6);
    }

    [Fact]
    public void EmbeddingPicksRows()
    {
        var w = Tensor.FromArray([0f, 1f, 10f, 11f, 20f, 21f], 3, 2);
        Assert.Equal([20f, 21f, 0f, 1f], Ops.Embedding(w, [2, 0]).ToArray());
    }

    [Fact]
    public void TimestepEmbeddingIsCosThenSin()
    {
        float[] t = [0f, 0.25f, 1f];
        var e = Ops.TimestepEmbedding(t).Span;
        for (int b = 0; b < 3; b++)
        {
            for (int k = 0; k < 128; k++)
            {
                double arg = 1000.0 * t[b] * Math.Exp(-Math.Log(10000) * k / 128.0);
                // float32 args lose ~1e-4 absolute at arg ~1000, so compare with that tolerance.
                Assert.Equal(Math.Cos(arg), e[b * 256 + k], 2e-4);
                Assert.Equal(Math.Sin(arg), e[b * 256 + 128 + k], 2e-4);
            }
        }
        Assert.Equal(1f, e[0]);   // cos(0)
        Assert.Equal(0f, e[128]); // sin(0)
    }
}
