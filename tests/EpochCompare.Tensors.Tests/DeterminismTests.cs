namespace EpochCompare.Tensors.Tests;

public class DeterminismTests
{
    /// <summary>A forward+backward big enough that the row loops split into several chunks.</summary>
    private static (float[] Output, float[] Grad) Run(int threads)
    {
        int saved = TensorThreads.Max;
        TensorThreads.Max = threads;
        try
        {
            var rng = new Random(11);
            var x = GradCheck.Random(rng, 1, 600, 128);
            var w = Parameter.FromArray("w", GradCheck.Random(rng, 512, 128).Span, 512, 128);
            var scale = Parameter.FromArray("s", GradCheck.Random(rng, 128).Span, 128);
            var shift = GradCheck.Random(rng, 1, 1, 128);
            var h = Ops.LayerNormModulate(x, shift, shift);
            var y = Ops.Softmax(Ops.Gelu(Ops.Silu(Ops.Linear(Ops.RmsNorm(h, scale), w))));
            var loss = Ops.MseLoss(y, Tensor.Zeros(1, 600, 512));
            loss.Backward();
            return (y.ToArray(), w.Grad!.ToArray().Concat(scale.Grad!.ToArray()).ToArray());
        }
        finally
        {
            TensorThreads.Max = saved;
        }
    }

    [Fact]
    public void OneAndTwoThreadsGiveIdenticalBits()
    {
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Output, two.Output);
        Assert.Equal(one.Grad, two.Grad);
    }
}
