using EpochCompare.Flux.Config;
using EpochCompare.Training.Config;
using EpochCompare.Training.Loop;
using EpochCompare.Training.Sampling;

namespace EpochCompare.Training.Tests.Sampling;

public sealed class TrainingSamplingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ec-trainsampling-" + Guid.NewGuid().ToString("N"));

    public TrainingSamplingTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Prompts(string text)
    {
        string path = Path.Combine(_dir, "prompts.txt");
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("grid")]
    [InlineData("sample-every-n-epochs")]
    [InlineData("sample-at-first")]
    public void SamplingOptionsWithoutAPromptFileAreRefused(string option)
    {
        var settings = new TrainSettings
        {
            Grid = option == "grid",
            SampleEveryNEpochs = option == "sample-every-n-epochs" ? 2 : 0,
            SampleAtFirst = option == "sample-at-first",
        };
        var ex = Assert.Throws<ArgumentException>(() => TrainingSampling.CheckOptions(settings));
        Assert.StartsWith($"--{option} needs --sample-prompts", ex.Message);
        Assert.Null(TrainingSampling.From(new TrainSettings { SampleSteps = 3 }));
    }

    [Fact]
    public void ScheduleFollowsKohya()
    {
        var every2 = new SampleSchedule(2, AtFirst: false);
        Assert.Equal([2, 4, 6], Enumerable.Range(0, 7).Where(every2.IsDue));
        var withFirst = new SampleSchedule(3, AtFirst: true);
        Assert.Equal([0, 3, 6], Enumerable.Range(0, 7).Where(withFirst.IsDue));
        Assert.True(new SampleSchedule(0, false).IsEmpty);
        Assert.DoesNotContain(Enumerable.Range(0, 7), new SampleSchedule(0, false).IsDue);
    }

    [Fact]
    public void RequestsTakeThePromptLineElseTheRunsDefaults()
    {
        var settings = new TrainSettings
        {
            Width = 16,
            Height = 32,
            SampleSteps = 7,
            SampleEveryNEpochs = 2,
            Grid = true,
            SamplePrompts = Prompts("# a comment\nohwx car --role target\nohwx revolver --n blurry --w 64 --h 16 --role probe --d 9 --s 3 --l 5 --g 2\n"),
        };
        TrainingSampling sampling = TrainingSampling.From(settings)!;
        var tiny = sampling.RequestsFor(FluxPresets.Tiny);
        Assert.Equal(2, tiny.Count);
        Assert.Equal(("ohwx car", "", 16, 32, 7), (tiny[0].Prompt, tiny[0].NegativePrompt, tiny[0].Width, tiny[0].Height, tiny[0].Steps));
        Assert.Equal([TrainingSampling.DefaultSeed], tiny[0].Seeds);
        Assert.Equal(3.5, tiny[0].Guidance.CfgScale); // flux-tiny has no guidance embedding: true CFG, as `sample`
        Assert.Equal(("ohwx revolver", "blurry", 64, 16, 3), (tiny[1].Prompt, tiny[1].NegativePrompt, tiny[1].Width, tiny[1].Height, tiny[1].Steps));
        Assert.Equal([9UL], tiny[1].Seeds);
        Assert.Equal((2.0, 5.0), (tiny[1].Guidance.Distilled, tiny[1].Guidance.CfgScale));
        Assert.Equal(1.0, sampling.RequestsFor(FluxPresets.Dev)[0].Guidance.CfgScale);
        Assert.Equal(Path.Combine("output", "sample"), sampling.Directory);
        Assert.Equal($"samples:           2 prompt(s), after epochs 2, 4 ({sampling.Directory}); --grid: base and every saved checkpoint when training ends", sampling.Describe(5));
    }

    [Fact]
    public void ASizeOffThePatchGridStopsBeforeTrainingNamingFileAndPrompt()
    {
        var settings = new TrainSettings { SamplePrompts = Prompts("ohwx car\nohwx boat --w 30\n") };
        var ex = Assert.Throws<InvalidDataException>(() => TrainingSampling.From(settings));
        Assert.Contains("prompts.txt: prompt 1 ('ohwx boat')", ex.Message);
        Assert.Contains("30x64", ex.Message);
    }

    [Fact]
    public void ColumnsAreTheBaseThenEverySavedEpochAndTheFinalFile()
    {
        Assert.Equal("base", TrainingSampling.ColumnName(0));
        Assert.Equal("e12", TrainingSampling.ColumnName(12));
        var saved = TrainingSampling.SavedEpochs(new TrainSettings { Epochs = 5, SaveEveryNEpochs = 2, OutputDir = "out", OutputName = "style" });
        Assert.Equal([2, 4, 5], saved.Select(s => s.Epoch));
        Assert.Equal(new CheckpointNames("out", "style").Epoch(2), saved[0].Checkpoint);
        Assert.Equal(Path.Combine("out", "style.safetensors"), saved[2].Checkpoint);
        Assert.Equal([3], TrainingSampling.SavedEpochs(new TrainSettings { Epochs = 3 }).Select(s => s.Epoch));
    }
}
