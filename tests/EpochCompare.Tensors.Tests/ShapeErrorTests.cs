namespace EpochCompare.Tensors.Tests;

public class ShapeErrorTests
{
    private static void AssertNames(Action act, string op, params string[] shapes)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(act);
        Assert.Contains(op, ex.Message);
        foreach (var s in shapes)
        {
            Assert.Contains(s, ex.Message);
        }
    }

    [Fact]
    public void MatMulInnerMismatch() =>
        AssertNames(() => Ops.MatMul(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5)), "matmul", "[2, 3]", "[4, 5]");

    [Fact]
    public void MatMulBatchMismatch() =>
        AssertNames(() => Ops.MatMul(Tensor.Zeros(2, 2, 3), Tensor.Zeros(3, 3, 5)), "matmul", "[2, 2, 3]", "[3, 3, 5]");

    [Fact]
    public void LinearMismatch()
    {
        AssertNames(() => Ops.Linear(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5)), "linear", "[2, 3]", "[4, 5]");
        AssertNames(() => Ops.Linear(Tensor.Zeros(2, 3), Tensor.Zeros(4, 3), Tensor.Zeros(5)), "linear", "[5]");
    }

    [Fact]
    public void BroadcastMismatch() =>
        AssertNames(() => Ops.Add(Tensor.Zeros(2, 3), Tensor.Zeros(2, 4)), "add", "[2, 3]", "[2, 4]");

    [Fact]
    public void ModulationMismatch() =>
        AssertNames(() => Ops.Modulate(Tensor.Zeros(2, 3, 4), Tensor.Zeros(1, 1, 4), Tensor.Zeros(2, 1, 4)), "modulate", "[1, 1, 4]", "[2, 3, 4]");

    [Fact]
    public void NormMismatch() =>
        AssertNames(() => Ops.RmsNorm(Tensor.Zeros(2, 4), Tensor.Zeros(3)), "rms_norm", "[2, 4]", "[3]");

    [Fact]
    public void AttentionMismatch() =>
        AssertNames(() => Ops.Attention(Tensor.Zeros(1, 2, 3, 4), Tensor.Zeros(1, 2, 3, 4), Tensor.Zeros(1, 2, 5, 4)), "attention", "[1, 2, 5, 4]");

    [Fact]
    public void ReshapeMismatch() => AssertNames(() => Ops.Reshape(Tensor.Zeros(2, 3), 4, 2), "reshape", "[2, 3]", "[4, 2]");

    [Fact]
    public void SliceOutOfRange() => AssertNames(() => Ops.Slice(Tensor.Zeros(2, 3), 1, 2, 2), "slice", "[2, 3]");

    [Fact]
    public void ChunkUneven() => AssertNames(() => Ops.Chunk(Tensor.Zeros(2, 5), 2, 1), "chunk", "[2, 5]");

    [Fact]
    public void ConcatMismatch() =>
        AssertNames(() => Ops.Concat([Tensor.Zeros(2, 3), Tensor.Zeros(3, 3)], 1), "concat", "[2, 3]", "[3, 3]");

    [Fact]
    public void PermuteInvalid() => AssertNames(() => Ops.Permute(Tensor.Zeros(2, 3), 0, 0), "permute");

    [Fact]
    public void SplitHeadsInvalid() => AssertNames(() => Ops.SplitQkvHeads(Tensor.Zeros(1, 2, 10), 2), "split_qkv_heads", "[1, 2, 10]");

    [Fact]
    public void MseMismatch() => AssertNames(() => Ops.MseLoss(Tensor.Zeros(2), Tensor.Zeros(3)), "mse_loss", "[2]", "[3]");

    [Fact]
    public void EmbeddingIndexOutOfRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Embedding(Tensor.Zeros(4, 2), [1, 4]));
        Assert.Contains("embedding", ex.Message);
        Assert.Contains("index 4", ex.Message);
        Assert.Contains("[4, 2]", ex.Message);
    }

    [Fact]
    public void FromArrayCountMismatch() => AssertNames(() => Tensor.FromArray([1f, 2f], 3), "from_array", "[3]");
}
