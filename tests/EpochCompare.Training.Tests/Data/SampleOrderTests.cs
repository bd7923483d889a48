using EpochCompare.Training.Data;

namespace EpochCompare.Training.Tests.Data;

public class SampleOrderTests
{
    private static readonly DatasetImage[] Images =
    [
        new("a.png", "a", 3, "3_a"),
        new("b.png", "b", 1, "1_b"),
        new("c.png", "c", 2, "2_c"),
    ];

    [Fact]
    public void EveryEpochShowsEachImageRepeatsTimes()
    {
        var order = new SampleOrder(Images, seed: 42);
        Assert.Equal(6, order.SamplesPerEpoch);
        for (int epoch = 0; epoch < 5; epoch++)
        {
            int[] shown = Enumerable.Range(0, 6).Select(i => order.ImageAt(epoch * 6L + i)).ToArray();
            Assert.Equal(3, shown.Count(i => i == 0));
            Assert.Equal(1, shown.Count(i => i == 1));
            Assert.Equal(2, shown.Count(i => i == 2));
        }
    }

    [Fact]
    public void OrderDependsOnlyOnSeedAndEpoch()
    {
        var a = new SampleOrder(Images, seed: 7);
        var b = new SampleOrder(Images, seed: 7);
        // Read b backwards: random access gives the same answers as sequential reading.
        long[] positions = Enumerable.Range(0, 60).Select(i => (long)i).ToArray();
        int[] forward = positions.Select(a.ImageAt).ToArray();
        int[] backward = positions.Reverse().Select(b.ImageAt).Reverse().ToArray();
        Assert.Equal(forward, backward);
        var epochs = Enumerable.Range(0, 10).Select(e => string.Join(",", a.EpochOrder(e))).Distinct().Count();
        Assert.True(epochs > 3, "epochs should be shuffled differently");
        Assert.NotEqual(a.EpochOrder(0), new SampleOrder(Images, seed: 8).EpochOrder(0));
    }
}
