using EpochCompare.Training.Config;
using EpochCompare.Training.Schedules;
using EpochCompare.Training.Timesteps;

namespace EpochCompare.Training.Tests.Config;

public class YamlTrainConfigTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"ec-config-{Guid.NewGuid():N}.yaml");

    public void Dispose() => File.Delete(_path);

    private TrainSettings Load(string yaml)
    {
        File.WriteAllText(_path, yaml);
        var settings = new TrainSettings();
        YamlTrainConfig.ApplyTo(settings, _path);
        return settings;
    }

    [Fact]
    public void KebabAndKohyaSnakeKeysBothWork()
    {
        TrainSettings s = Load("""
            # a comment
            network_dim: 16
            network-alpha: 8
            lr_scheduler: cosine_with_restarts
            lr-scheduler-num-cycles: 3
            timestep_sampling: shift
            resolution: "32,24"
            flip_aug: true
            output_name: Style_Demo
            """);
        Assert.Equal(16, s.NetworkDim);
        Assert.Equal(8, s.NetworkAlpha);
        Assert.Equal(LearningRateSchedulerKind.CosineWithRestarts, s.Scheduler);
        Assert.Equal(3, s.SchedulerCycles);
        Assert.Equal(TimestepSamplingMode.Shift, s.TimestepSampling);
        Assert.Equal((32, 24), (s.Width, s.Height));
        Assert.True(s.FlipAugment);
        Assert.Equal("Style_Demo", s.OutputName);
    }

    [Fact]
    public void EveryCatalogKeyRoundTripsThroughItsShownValue()
    {
        // Show(defaults) parsed back must give the same shown value: the two directions agree for every key.
        var defaults = new TrainSettings { Dataset = "d", BaseModel = "b", SamplePrompts = "p" };
        foreach (TrainSetting setting in TrainSettingCatalog.All)
        {
            var copy = new TrainSettings();
            setting.Apply(copy, setting.Show(defaults));
            Assert.Equal(setting.Show(defaults), setting.Show(copy));
        }
    }

    [Fact]
    public void BadValueNamesTheFileAndOption()
    {
        File.WriteAllText(_path, "epochs: many\n");
        var ex = Assert.Throws<InvalidDataException>(() => YamlTrainConfig.ApplyTo(new TrainSettings(), _path));
        Assert.Contains(_path, ex.Message);
        Assert.Contains("--epochs: 'many' is not a whole number", ex.Message);
    }

    [Fact]
    public void NestedValuesAreRejected()
    {
        File.WriteAllText(_path, "epochs:\n  - 1\n  - 2\n");
        var ex = Assert.Throws<InvalidDataException>(() => YamlTrainConfig.ApplyTo(new TrainSettings(), _path));
        Assert.Contains("'epochs' needs a single value", ex.Message);
    }

    [Fact]
    public void WarmupBelowOneIsAFractionOfTheSteps()
    {
        Assert.Equal(25, new TrainSettings { WarmupSteps = 0.25 }.WarmupStepsFor(100));
        Assert.Equal(10, new TrainSettings { WarmupSteps = 10 }.WarmupStepsFor(100));
    }
}
