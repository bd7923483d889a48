namespace EpochCompare.Tensors.Tests;

public class CrossEntropyTests
{
    [Fact]
    public void GradientMatchesFiniteDifferences()
    {
        var rng = new Random(99);
        int[] labels = [2, 0, 4];
        GradCheck.Check(x => Ops.CrossEntropy(x[0], labels), [GradCheck.Leaf(rng, 3, 5)]);
    }

    [Fact]
    public void ValueIsTheMeanNegativeLogLikelihood()
    {
        float[] logits = [1f, 2f, 3f, 0f, 0f, 0f];
        var loss = Ops.CrossEntropy(Tensor.FromArray(logits, 2, 3), [2, 1]);
        double row0 = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)) - 3;
        double row1 = Math.Log(3);
        Assert.Equal((row0 + row1) / 2, loss.Span[0], 5);
    }

    [Fact]
    public void BadLabelsAndShapesAreNamed()
    {
        var logits = Tensor.Zeros(2, 3);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.CrossEntropy(logits, [0, 3]));
        Assert.Contains("cross_entropy", ex.Message);
        Assert.Throws<ArgumentException>(() => Ops.CrossEntropy(logits, [0]));
    }
}
