using EpochCompare.Training.Data;

namespace EpochCompare.Training.Tests.Data;

public class KohyaFolderNameTests
{
    [Theory]
    [InlineData("10_ohwx style", 10, "ohwx style")]
    [InlineData("10_ohwx_style", 10, "ohwx_style")]
    [InlineData("1_", 1, "")]
    [InlineData("3", 3, "")]
    public void ParsesRepeatsAndClassTokens(string name, int repeats, string tokens)
    {
        Assert.True(KohyaFolderName.TryParse(name, out var parsed));
        Assert.Equal(new KohyaFolderName(repeats, tokens), parsed);
    }

    [Theory]
    [InlineData("ohwx style")]
    [InlineData("0_ohwx")]
    [InlineData("-2_ohwx")]
    [InlineData("x10_ohwx")]
    public void RejectsNamesWithoutPositiveRepeats(string name) => Assert.False(KohyaFolderName.TryParse(name, out _));
}
