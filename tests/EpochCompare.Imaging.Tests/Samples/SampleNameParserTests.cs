using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Samples;

namespace EpochCompare.Imaging.Tests.Samples;

public class SampleNameParserTests
{
    [Theory]
    [InlineData("ohwx_car_e000025_00_20240512143015_1.png", SampleNaming.Kohya, 0, ColumnKind.Epoch, 25, 1L)]
    [InlineData("ohwx_car_e000975_03_20240512143015_4242.png", SampleNaming.Kohya, 3, ColumnKind.Epoch, 975, 4242L)]
    [InlineData("e000050_01_20240512143015.png", SampleNaming.Kohya, 1, ColumnKind.Epoch, 50, null)]
    [InlineData("my-lora_002500_00_20240512143015_7.png", SampleNaming.Kohya, 0, ColumnKind.Step, 2500, 7L)]
    [InlineData("1712345678901__000002500_2.jpg", SampleNaming.AiToolkit, 2, ColumnKind.Step, 2500, null)]
    [InlineData("e25_s1.png", SampleNaming.Plain, 0, ColumnKind.Epoch, 25, 1L)]
    [InlineData("epoch100-seed3-p2.PNG", SampleNaming.Plain, 2, ColumnKind.Epoch, 100, 3L)]
    [InlineData("lora_step2500_s2.jpeg", SampleNaming.Plain, 0, ColumnKind.Step, 2500, 2L)]
    [InlineData("base_s4.png", SampleNaming.Plain, 0, ColumnKind.Base, 0, 4L)]
    // Every image kind kohya reads (.png .jpg .jpeg .webp .bmp, any case) is a sample.
    [InlineData("ohwx_car_e000050_01_20240512143015_2.webp", SampleNaming.Kohya, 1, ColumnKind.Epoch, 50, 2L)]
    [InlineData("1712345678901__000002500_1.WEBP", SampleNaming.AiToolkit, 1, ColumnKind.Step, 2500, null)]
    [InlineData("e75_s3.bmp", SampleNaming.Plain, 0, ColumnKind.Epoch, 75, 3L)]
    public void RecognisedNamesYieldTheirFields(string file, SampleNaming naming, int prompt, ColumnKind kind, int value, long? seed)
    {
        Assert.True(SampleNameParser.TryParse(file, out SampleName name));
        Assert.Equal(naming, name.Naming);
        Assert.Equal(prompt, name.PromptIndex);
        Assert.Equal(kind, name.Kind);
        Assert.Equal(value, name.Value);
        Assert.Equal(seed, name.Seed);
    }

    [Theory]
    [InlineData("ohwx_car_e000000_00_20240512143015_1.png")] // kohya --sample_at_first
    [InlineData("1712345678901__000000000_0.png")]          // ai-toolkit baseline before training
    [InlineData("e0_s1.png")]
    public void EpochOrStepZeroIsTheBaseColumn(string file)
    {
        Assert.True(SampleNameParser.TryParse(file, out SampleName name));
        Assert.True(name.Column.IsBase);
    }

    [Theory]
    [InlineData("notes.txt")]
    [InlineData("e25_s1.gif")]
    [InlineData("holiday_photo.png")]
    [InlineData("e25_e50.png")]     // the same field twice
    [InlineData("e25_step100.png")] // epoch and step at once
    [InlineData("seed1.png")]       // no epoch or step
    public void OtherNamesAreNotRecognised(string file)
    {
        Assert.False(SampleNameParser.TryParse(file, out _));
    }

    [Fact]
    public void NaturalOrderComparesDigitRunsAsNumbers()
    {
        string[] names = ["e100_s1.png", "e25_s10.png", "e25_s2.png", "E9_s1.png", "e025_s3.png"];
        Assert.Equal(["E9_s1.png", "e25_s2.png", "e025_s3.png", "e25_s10.png", "e100_s1.png"], names.Order(NaturalOrder.Instance));
    }
}
