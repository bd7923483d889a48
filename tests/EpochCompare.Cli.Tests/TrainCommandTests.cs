using static EpochCompare.Cli.Tests.CliRunner;
using EpochCompare.Cli;

namespace EpochCompare.Cli.Tests;

public class TrainCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ec-traincli-" + Guid.NewGuid().ToString("N"));

    public TrainCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config(string text)
    {
        string path = Path.Combine(_dir, "train.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    private string Dataset()
    {
        string folder = Path.Combine(_dir, "data", "4_ohwx style");
        Directory.CreateDirectory(folder);
        var image = EpochCompare.Imaging.RgbaImage.Filled(16, 16, EpochCompare.Imaging.Rgba32.White);
        for (int i = 0; i < 5; i++)
        {
            EpochCompare.Imaging.Formats.Png.PngEncoder.Save(image, Path.Combine(folder, $"{i}.png"));
        }
        return Path.Combine(_dir, "data");
    }

    [Fact]
    public void HelpListsTheKohyaOptionsWithDefaults()
    {
        var (code, output, _) = Run("train", "--help");
        Assert.Equal(CliApp.ExitOk, code);
        foreach (string option in new[] { "--save-every-n-epochs", "--noise-offset", "--multires-noise-iterations", "--resume", "--lr-scheduler", "--config", "--sample-at-first", "--on-bad-image" })
        {
            Assert.Contains(option, output);
        }
        Assert.Contains("[default: 0.3]", output);
    }

    [Fact]
    public void CommandLineWinsOverTheConfigFile()
    {
        string config = Config($"dataset: {Dataset()}\nepochs: 7\nbatch_size: 2\nnoise-offset: 0.05\nresolution: 16\n");
        var (code, output, err) = Run("train", "--config", config, "--dry-run", "--epochs", "3");
        Assert.True(code == CliApp.ExitOk, err);
        Assert.Contains("  epochs: 3", output);
        Assert.Contains("  batch-size: 2", output);
        Assert.Contains("  noise-offset: 0.05", output);
        // 5 images x 4 repeats = 20 samples, batch 2, 3 epochs -> 30 steps.
        Assert.Contains("total steps:       3 epochs x 20 samples / 2 = 30", output);
    }

    [Fact]
    public void UnknownConfigKeyNamesFileAndLine()
    {
        string config = Config("epochs: 3\nnoise_ofset: 0.1\n");
        var (code, _, err) = Run("train", "--config", config, "--dry-run");
        Assert.Equal(CliApp.ExitFailure, code);
        Assert.Contains("train.yaml: line 2: unknown option 'noise_ofset'", err);
    }

    [Fact]
    public void BadValueOnTheCommandLineIsAUsageError()
    {
        var (code, _, err) = Run("train", "--dry-run", "--lr-scheduler", "adafactor");
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("adafactor", err);
    }

    [Fact]
    public void BadDatasetIsOneLineNamingTheFolder()
    {
        string root = Path.Combine(_dir, "bad");
        Directory.CreateDirectory(Path.Combine(root, "ohwx style"));
        var (code, _, err) = Run("train", "--dry-run", "--dataset", root);
        Assert.Equal(CliApp.ExitFailure, code);
        Assert.Contains("ohwx style: folder name has no repeat count", err);
        Assert.Single(err.Trim().Split('\n'));
    }
}
