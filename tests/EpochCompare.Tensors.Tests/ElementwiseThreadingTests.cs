using EpochCompare.Tensors.Kernels;

namespace EpochCompare.Tensors.Tests;

/// <summary>
/// The row-parallel elementwise and norm ops on tensors large enough to split into many chunks: forward
/// values and every input gradient must be the same bits on 1 and 2 threads, and match the plain reference.
/// </summary>
public class ElementwiseThreadingTests
{
    private const int Batch = 3, Tokens = 200, Hidden = 128;

    public static TheoryData<string> OpNames => new()
    {
        "silu", "gelu", "scale", "softmax", "layer_norm", "layer_norm_modulate", "rms_norm", "modulate", "gated_residual",
        "add", "mul", "slice", "concat", "split_merge_heads", "rope",
    };

    private static Tensor Run(string op, Tensor[] x) => op switch
    {
        "silu" => Ops.Silu(x[0]),
        "gelu" => Ops.Gelu(x[0]),
        "scale" => Ops.Scale(x[0], 0.37f),
        "softmax" => Ops.Softmax(x[0]),
        "layer_norm" => Ops.LayerNorm(x[0]),
        "layer_norm_modulate" => Ops.LayerNormModulate(x[0], x[1], x[2]),
        "rms_norm" => Ops.RmsNorm(x[0], x[3]),
        "modulate" => Ops.Modulate(x[0], x[1], x[2]),
        "gated_residual" => Ops.GatedResidual(x[0], x[2], x[4]),
        "add" => Ops.Add(x[0], x[4]),
        "mul" => Ops.Mul(x[0], x[4]),
        "slice" => Ops.Slice(x[0], 1, 37, 150),
        "concat" => Ops.Concat([x[4], x[0], x[4]], 1),
        "split_merge_heads" => Ops.MergeHeads(Ops.Add(Ops.SplitQkvHeads(Ops.Concat([x[0], x[4], x[0]], 2), 4).K, Ops.SplitHeads(x[4], 4))),
        "rope" => Ops.ApplyRope(Ops.Reshape(x[0], Batch, 2, Tokens / 2, Hidden), RopeTests.RandomRotations(new Random(5), 1, Tokens / 2, Hidden / 2)),
        _ => throw new ArgumentException(op),
    };

    private static (float[] Output, float[][] Grads) Measure(string op, int threads)
    {
        int saved = TensorThreads.Max;
        TensorThreads.Max = threads;
        try
        {
            var rng = new Random(3);
            Tensor[] inputs =
            [
                GradCheck.Leaf(rng, Batch, Tokens, Hidden),
                GradCheck.Leaf(rng, Batch, 1, Hidden),
                GradCheck.Leaf(rng, Batch, 1, Hidden),
                GradCheck.Leaf(rng, Hidden),
                GradCheck.Leaf(rng, Batch, Tokens, Hidden),
            ];
            var y = Run(op, inputs);
            var w = GradCheck.Random(rng, y.Shape.ToArray());
            Ops.Sum(Ops.Mul(y, w)).Backward();
            return (y.ToArray(), inputs.Select(t => t.Grad?.ToArray() ?? []).ToArray());
        }
        finally
        {
            TensorThreads.Max = saved;
        }
    }

    [Theory]
    [MemberData(nameof(OpNames))]
    public void OneAndTwoThreadsGiveIdenticalBitsForwardAndBackward(string op)
    {
        var one = Measure(op, 1);
        var two = Measure(op, 2);
        Assert.Equal(one.Output, two.Output);
        Assert.True(one.Grads.Any(g => g.Length > 0), "no gradient reached any input");
        for (int i = 0; i < one.Grads.Length; i++)
        {
            Assert.Equal(one.Grads[i], two.Grads[i]);
        }
    }

    [Fact]
    public void LayerNormModulateOverManyChunksMatchesTheReferenceRowByRow()
    {
        var rng = new Random(9);
        var x = GradCheck.Random(rng, Batch, Tokens, Hidden);
        var shift = GradCheck.Random(rng, Batch, 1, Hidden);
        var scale = GradCheck.Random(rng, Batch, Hidden);
        var y = Ops.LayerNormModulate(x, shift, scale).ToArray();
        for (int r = 0; r < Batch * Tokens; r++)
        {
            int b = r / Tokens;
            var expected = NormReference.LayerNorm(x.Span.Slice(r * Hidden, Hidden),
                shift.Span.Slice(b * Hidden, Hidden).ToArray(), scale.Span.Slice(b * Hidden, Hidden).ToArray(), Ops.NormEpsilon);
            for (int j = 0; j < Hidden; j++)
            {
                Assert.True(Math.Abs(expected[j] - y[r * Hidden + j]) <= 2e-5 * Math.Max(1, Math.Abs(expected[j])),
                    $"row {r} col {j}: {y[r * Hidden + j]} vs {expected[j]}");
            }
        }
    }
}
