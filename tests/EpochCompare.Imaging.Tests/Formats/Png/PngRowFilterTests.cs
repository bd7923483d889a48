using EpochCompare.Imaging.Formats.Png;

namespace EpochCompare.Imaging.Tests.Formats.Png;

public class PngRowFilterTests
{
    [Theory]
    [InlineData(PngFilterType.Sub, 3)]
    [InlineData(PngFilterType.Sub, 4)]
    [InlineData(PngFilterType.Up, 3)]
    [InlineData(PngFilterType.Average, 3)]
    [InlineData(PngFilterType.Average, 4)]
    [InlineData(PngFilterType.Paeth, 3)]
    [InlineData(PngFilterType.Paeth, 4)]
    public void VectorFiltersMatchTheScalarDefinition(PngFilterType type, int bpp)
    {
        var random = new Random(3);
        foreach (int length in new[] { 1, 3, 4, 31, 64, 65, 200, 1027 })
        {
            var current = new byte[length];
            var previous = new byte[length];
            random.NextBytes(current);
            random.NextBytes(previous);
            var output = new byte[length];
            PngRowFilter.Apply(type, current, previous, output, bpp);
            for (int i = 0; i < length; i++)
            {
                int a = i >= bpp ? current[i - bpp] : 0;
                int b = previous[i];
                int c = i >= bpp ? previous[i - bpp] : 0;
                int predictor = type switch
                {
                    PngFilterType.Sub => a,
                    PngFilterType.Up => b,
                    PngFilterType.Average => (a + b) >> 1,
                    _ => PngRowFilter.PaethPredictor(a, b, c),
                };
                Assert.Equal((byte)(current[i] - predictor), output[i]);
            }
        }
    }

    [Fact]
    public void SumOfAbsoluteSignedBytesMatchesScalarOnLongRows()
    {
        var data = new byte[100_003];
        new Random(5).NextBytes(data);
        data[10] = 128; // -128 must count as 128
        long expected = data.Sum(b => (long)Math.Abs((int)(sbyte)b));
        Assert.Equal(expected, PngRowFilter.SumOfAbsoluteSignedBytes(data));
    }

    [Fact]
    public void AdaptiveChoiceIsTheCheapestCandidate()
    {
        // A horizontal ramp: Sub leaves a constant 1, cheaper than None or Up on the first row.
        var ramp = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();
        var filter = new PngRowFilter(ramp.Length, 3);
        var chosen = filter.FilterAdaptive(ramp, new byte[ramp.Length]);
        Assert.Equal((byte)PngFilterType.Sub, chosen[0]);
        // Identical rows: Up gives all zeros.
        chosen = filter.FilterAdaptive(ramp, ramp);
        Assert.Equal((byte)PngFilterType.Up, chosen[0]);
        Assert.All(chosen[1..].ToArray(), b => Assert.Equal(0, b));
    }
}
