namespace EpochCompare.Tensors.Tests;

/// <summary>Finite-difference gradient checks, one or more per op.</summary>
public class GradientTests
{
    private readonly Random _rng = new(1234);

    private Tensor L(params int[] shape) => GradCheck.Leaf(_rng, shape);

    private Tensor C(params int[] shape) => GradCheck.Random(_rng, shape);

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void MatMul2D(bool ta, bool tb)
    {
        var a = ta ? L(5, 3) : L(3, 5);
        var b = tb ? L(4, 5) : L(5, 4);
        GradCheck.Check(x => Ops.MatMul(x[0], x[1], ta, tb), [a, b]);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void MatMulBatched(bool ta, bool tb)
    {
        var a = ta ? L(2, 3, 5, 3) : L(2, 3, 3, 5);
        var b = tb ? L(2, 3, 4, 5) : L(2, 3, 5, 4);
        GradCheck.Check(x => Ops.MatMul(x[0], x[1], ta, tb), [a, b]);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void MatMulSharedRightOperand(bool ta, bool tb)
    {
        var a = ta ? L(2, 5, 3) : L(2, 3, 5);
        var b = tb ? L(4, 5) : L(5, 4);
        GradCheck.Check(x => Ops.MatMul(x[0], x[1], ta, tb), [a, b]);
    }

    [Fact]
    public void LinearWithBias() => GradCheck.Check(x => Ops.Linear(x[0], x[1], x[2]), [L(2, 3, 6), L(4, 6), L(4)]);

    [Fact]
    public void LinearWithoutBias() => GradCheck.Check(x => Ops.Linear(x[0], x[1]), [L(5, 6), L(3, 6)]);

    [Theory]
    [InlineData("add")]
    [InlineData("sub")]
    [InlineData("mul")]
    public void BinaryBroadcasts(string op)
    {
        Func<Tensor, Tensor, Tensor> f = op switch { "add" => Ops.Add, "sub" => Ops.Sub, _ => Ops.Mul };
        int[][] smallShapes = [[2, 3, 4], [2, 1, 4], [4], [], [1], [2, 3, 1], [1, 3, 1], [3, 4]];
        foreach (var s in smallShapes)
        {
            GradCheck.Check(x => f(x[0], x[1]), [L(2, 3, 4), L(s)]);
            GradCheck.Check(x => f(x[0], x[1]), [L(s), L(2, 3, 4)]);
        }
        GradCheck.Check(x => f(x[0], x[1]), [L(2, 1, 4), L(1, 3, 4)]);
    }

    [Fact]
    public void SameTensorOnBothSides() => GradCheck.Check(x => Ops.Mul(x[0], x[0]), [L(3, 4)]);

    [Fact]
    public void Scale() => GradCheck.Check(x => Ops.Scale(x[0], -1.7f), [L(3, 5)]);

    [Fact]
    public void Silu() => GradCheck.Check(x => Ops.Silu(x[0]), [Spread(L(3, 37))]);

    [Fact]
    public void Gelu() => GradCheck.Check(x => Ops.Gelu(x[0]), [Spread(L(3, 37))]);

    [Fact]
    public void LayerNorm() => GradCheck.Check(x => Ops.LayerNorm(x[0]), [L(4, 19)]);

    [Fact]
    public void LayerNormModulate() =>
        GradCheck.Check(x => Ops.LayerNormModulate(x[0], x[1], x[2]), [L(2, 3, 8), L(2, 1, 8), L(2, 1, 8)]);

    [Fact]
    public void Modulate() => GradCheck.Check(x => Ops.Modulate(x[0], x[1], x[2]), [L(2, 3, 8), L(2, 1, 8), L(2, 8)]);

    [Fact]
    public void GatedResidual() =>
        GradCheck.Check(x => Ops.GatedResidual(x[0], x[1], x[2]), [L(2, 3, 8), L(2, 1, 8), L(2, 3, 8)]);

    [Fact]
    public void NormsOverSeveralParallelChunks()
    {
        // 300 rows of 128 split into two fixed chunks: the per-chunk partial sums must add up.
        GradCheck.Check(x => Ops.LayerNormModulate(x[0], x[1], x[2]), [L(2, 150, 128), L(2, 1, 128), L(2, 1, 128)], maxProbes: 24);
        GradCheck.Check(x => Ops.RmsNorm(x[0], x[1]), [L(300, 128), L(128)], maxProbes: 24);
    }

    [Fact]
    public void RmsNorm() => GradCheck.Check(x => Ops.RmsNorm(x[0], x[1]), [L(2, 3, 16), L(16)]);

    [Fact]
    public void Softmax() => GradCheck.Check(x => Ops.Softmax(x[0]), [L(3, 7)]);

    [Fact]
    public void Attention() => GradCheck.Check(x => Ops.Attention(x[0], x[1], x[2]), [L(1, 2, 5, 4), L(1, 2, 5, 4), L(1, 2, 5, 4)]);

    [Fact]
    public void AttentionCustomScale() =>
        GradCheck.Check(x => Ops.Attention(x[0], x[1], x[2], 0.3f), [L(2, 1, 3, 6), L(2, 1, 3, 6), L(2, 1, 3, 6)]);

    [Fact]
    public void ApplyRope()
    {
        var pe = RopeTests.RandomRotations(_rng, 1, 5, 3);
        GradCheck.Check(x => Ops.ApplyRope(x[0], pe), [L(2, 2, 5, 6)]);
        var peBatched = RopeTests.RandomRotations(_rng, 2, 5, 3);
        GradCheck.Check(x => Ops.ApplyRope(x[0], peBatched), [L(2, 2, 5, 6)]);
    }

    [Fact]
    public void ReshapeView() => GradCheck.Check(x => Ops.Mul(Ops.Reshape(x[0], 4, -1), x[1]), [L(2, 3, 2), L(4, 3)]);

    [Fact]
    public void Permute() => GradCheck.Check(x => Ops.Permute(x[0], 2, 0, 3, 1), [L(2, 3, 4, 5)]);

    [Fact]
    public void SliceAndChunk()
    {
        GradCheck.Check(x => Ops.Slice(x[0], 1, 1, 2), [L(2, 4, 3)]);
        GradCheck.Check(x => Ops.Mul(Ops.Chunk(x[0], 3, -1)[0], Ops.Chunk(x[0], 3, -1)[2]), [L(2, 6)]);
    }

    [Fact]
    public void Concat() => GradCheck.Check(x => Ops.Concat([x[0], x[1], x[0]], 1), [L(2, 3, 4), L(2, 1, 4)]);

    [Fact]
    public void SplitHeadsQkv()
    {
        GradCheck.Check(x =>
        {
            var (q, k, v) = Ops.SplitQkvHeads(x[0], 2);
            return Ops.Concat([q, Ops.Scale(k, 2f), Ops.Mul(v, v)], 0);
        }, [L(2, 3, 3 * 2 * 4)]);
    }

    [Fact]
    public void SplitAndMergeHeads()
    {
        GradCheck.Check(x => Ops.SplitHeads(x[0], 3), [L(2, 4, 6)]);
        GradCheck.Check(x => Ops.MergeHeads(x[0]), [L(2, 3, 4, 2)]);
    }

    [Fact]
    public void Reductions()
    {
        GradCheck.Check(x => Ops.Sum(x[0]), [L(3, 4)]);
        GradCheck.Check(x => Ops.Mean(x[0]), [L(3, 4)]);
        GradCheck.Check(x => Ops.Sum(x[0], 1), [L(2, 3, 4)]);
        GradCheck.Check(x => Ops.Mean(x[0], 0, keepDim: true), [L(2, 3, 4)]);
        GradCheck.Check(x => Ops.Mean(x[0], -1), [L(2, 3, 4)]);
    }

    [Fact]
    public void MseLoss() => GradCheck.Check(x => Ops.MseLoss(x[0], x[1]), [L(3, 5), L(3, 5)]);

    [Fact]
    public void Embedding() => GradCheck.Check(x => Ops.Embedding(x[0], [2, 0, 2, 3]), [L(5, 3)]);

    [Fact]
    public void ChainOfOpsLikeATransformerBlock()
    {
        // x -> LN-modulate -> linear -> gelu -> linear -> gated residual
        GradCheck.Check(x =>
        {
            var h = Ops.LayerNormModulate(x[0], x[1], x[2]);
            var u = Ops.Gelu(Ops.Linear(h, x[3], x[4]));
            return Ops.GatedResidual(x[0], x[1], Ops.Linear(u, x[5]));
        }, [L(1, 4, 6), L(1, 1, 6), L(1, 1, 6), L(8, 6), L(8), L(6, 8)]);
    }

    /// <summary>Widens inputs to [-3, 3] so activations are tested in their curved region.</summary>
    private static Tensor Spread(Tensor t)
    {
        var s = t.Span;
        for (int i = 0; i < s.Length; i++)
        {
            s[i] *= 3f;
        }
        return t;
    }
}
