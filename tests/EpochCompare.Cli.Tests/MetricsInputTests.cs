using static EpochCompare.Cli.Tests.CliRunner;
using EpochCompare.Cli;
using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats.Png;

namespace EpochCompare.Cli.Tests;

/// <summary>What <c>metrics</c> accepts as input: JPEG samples and training images, run and grid folders.</summary>
public sealed class MetricsInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ec-metrics-in-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures", "JpegSamples");

    /// <summary>The 8 JPEG samples (one prompt, base + epochs 10/20/30, seeds 1 and 2) copied into a new folder.</summary>
    private string JpegSamples(string relative)
    {
        string folder = Path.Combine(_dir, relative);
        Directory.CreateDirectory(folder);
        foreach (string file in Directory.GetFiles(Fixtures, "*.jpg"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        return folder;
    }

    /// <summary>(image, metric) -> (ref_id, value) from metrics_long.csv.</summary>
    private static Dictionary<(string Image, string Metric), (string RefId, string Value)> LongRows(string csv)
    {
        string[] lines = File.ReadAllLines(csv);
        string[] header = lines[0].Split(',');
        int image = Array.IndexOf(header, "image"), metric = Array.IndexOf(header, "metric");
        int refId = Array.IndexOf(header, "ref_id"), value = Array.IndexOf(header, "value");
        var rows = new Dictionary<(string, string), (string, string)>();
        foreach (string[] cells in lines.Skip(1).Select(l => l.Split(',')))
        {
            rows.TryAdd((cells[image], cells[metric]), (cells[refId], cells[value]));
        }
        return rows;
    }

    [Fact]
    public void JpegSamplesAndJpegTrainingImagesAreMeasured()
    {
        string samples = JpegSamples("samples");
        string training = Path.Combine(_dir, "train", "10_ohwx style");
        Directory.CreateDirectory(training);
        File.Copy(Path.Combine(Fixtures, "e30_s1_p0.jpg"), Path.Combine(training, "copy.jpg"));
        var unrelated = new RgbaImage(48, 48);
        for (int i = 0; i < 48 * 48; i++)
        {
            unrelated[i % 48, i / 48] = new Rgba32((byte)(i * 37), (byte)(i * 91), (byte)(i * 13));
        }
        PngEncoder.Save(unrelated, Path.Combine(training, "noise.png"));
        string outDir = Path.Combine(_dir, "out");

        var (code, output, error) = Run("metrics", "--samples", samples, "--train-data", Path.Combine(_dir, "train"), "--out", outDir, "--no-grids");

        Assert.True(code == CliApp.ExitOk, error);
        Assert.Equal("", error); // no "cannot be read" or "skipped" warnings
        Assert.Contains("measuring 8 sample images in 1 prompt(s), 2 training image(s)", output);
        var rows = LongRows(Path.Combine(outDir, "metrics_long.csv"));
        // The training copy of epoch 30 / seed 1 is found as that sample's nearest training image.
        Assert.Equal(("train:10_ohwx style/copy.jpg", "1"), rows[("e30_s1_p0.jpg", "near_dup")]);
    }

    [Fact]
    public void ARunFolderWithSamplesAndGridsIsMeasuredAndMetricsGoBesideTheGrids()
    {
        string run = Path.Combine(_dir, "my-run");
        string samples = JpegSamples(Path.Combine("my-run", "samples"));
        var (gridCode, _, gridError) = Run("grid", "--samples", samples, "--out", Path.Combine(run, "grids"), "--quiet");
        Assert.True(gridCode == CliApp.ExitOk, gridError);

        var (code, output, error) = Run("metrics", "--samples", run);

        Assert.True(code == CliApp.ExitOk, error);
        Assert.Contains($"reading samples from {samples}", output);
        Assert.Contains("measuring 8 sample images", output);
        string verdict = File.ReadAllText(Path.Combine(run, "metrics", "verdict.csv"));
        Assert.Contains("my-run,", verdict); // the run folder names the run, not "samples"
    }

    [Fact]
    public void TheGridsFolderOfASamplesFolderLeadsBackToTheSamples()
    {
        string samples = JpegSamples("kohya-out");
        var (gridCode, _, gridError) = Run("grid", "--samples", samples, "--quiet");
        Assert.True(gridCode == CliApp.ExitOk, gridError);

        var (code, output, error) = Run("metrics", "--samples", Path.Combine(samples, "grids"), "--no-grids");

        Assert.True(code == CliApp.ExitOk, error);
        Assert.Contains($"reading samples from {samples}", output);
        Assert.True(File.Exists(Path.Combine(samples, "metrics", "verdict.csv")));
    }

    [Fact]
    public void AFolderWithoutSamplesSaysWhatItFound()
    {
        string empty = Path.Combine(_dir, "empty-run");
        Directory.CreateDirectory(Path.Combine(empty, "samples"));
        File.WriteAllText(Path.Combine(empty, "notes.txt"), "");
        var (code, _, error) = Run("metrics", "--samples", empty);
        Assert.Equal(CliApp.ExitFailure, code);
        Assert.Contains("no sample images with a recognised name", error);
        Assert.Contains("notes.txt", error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
