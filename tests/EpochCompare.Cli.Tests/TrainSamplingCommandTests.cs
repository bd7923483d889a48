using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Formats.Png;
using EpochCompare.Flux.Devices;
using static EpochCompare.Cli.Tests.CliRunner;

namespace EpochCompare.Cli.Tests;

/// <summary>
/// <c>train --sample-prompts ... --sample-every-n-epochs N [--sample-at-first] [--grid]</c> on a random flux-tiny
/// and three 16x16 images: sample names per epoch, the grid and metrics at the end, usage errors, determinism.
/// Not parallel with other classes: one test sets the LibTorch thread count (<see cref="ComputeThreads"/>).
/// </summary>
[Collection(nameof(TrainSamplingCommandTests))]
[CollectionDefinition(nameof(TrainSamplingCommandTests), DisableParallelization = true)]
public sealed class TrainSamplingCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ec-trainsample-" + Guid.NewGuid().ToString("N"));

    public TrainSamplingCommandTests()
    {
        string folder = Path.Combine(_dir, "data", "1_ohwx style");
        Directory.CreateDirectory(folder);
        for (int i = 0; i < 3; i++)
        {
            var image = new RgbaImage(16, 16);
            for (int y = 0; y < 16; y++)
            {
                for (int x = 0; x < 16; x++)
                {
                    image[x, y] = new Rgba32((byte)(x * 16 * (i + 1) % 256), (byte)(y * 16), (byte)(80 * i));
                }
            }
            PngEncoder.Save(image, Path.Combine(folder, $"{i}.png"));
        }
        File.WriteAllText(Path.Combine(_dir, "prompts.txt"), "# two prompts; the role is for the metrics after --grid\nohwx car --d 3\nohwx revolver --d 4 --role probe --s 3\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Out(string name) => Path.Combine(_dir, name);

    private (int Code, string Out, string Err) Train(string outputDir, int epochs, params string[] extra) => Run([
        "train", "--dataset", Path.Combine(_dir, "data"), "--resolution", "16", "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--save-every-n-epochs", "1", "--lr", "1e-3", "--seed", "7", "--output-dir", outputDir, "--output-name", "style",
        "--sample-steps", "2", .. extra]);

    private string[] PromptsArgs => ["--sample-prompts", Path.Combine(_dir, "prompts.txt")];

    private static string[] SampleNames(string dir) =>
        [.. Directory.GetFiles(Path.Combine(dir, "sample")).Select(Path.GetFileName).Order(StringComparer.Ordinal).Cast<string>()];

    [Fact]
    public void SamplesTheBaseAndEveryNthEpochUnderGridNames()
    {
        string dir = Out("every2");
        var (code, output, err) = Train(dir, 4, [.. PromptsArgs, "--sample-every-n-epochs", "2", "--sample-at-first"]);
        Assert.True(code == CliApp.ExitOk, err);
        Assert.Equal(["p0_base_s3.png", "p0_e2_s3.png", "p0_e4_s3.png", "p1_base_s4.png", "p1_e2_s4.png", "p1_e4_s4.png"], SampleNames(dir));
        Assert.Contains($"samples:           2 prompt(s), after epochs 0, 2, 4 ({Path.Combine(dir, "sample")})", output);
        Assert.Contains("sampled epoch 0: 2 image(s)", output);
        Assert.Contains("sampled epoch 4: 2 image(s)", output);
        string sample = Path.Combine(dir, "sample", "p1_e2_s4.png");
        RgbaImage png = ImageFile.Load(sample);
        Assert.Equal((16, 16), (png.Width, png.Height));
        string parameters = PngTextReader.Read(sample).Single(t => t.Keyword == "parameters").Text;
        Assert.StartsWith("ohwx revolver\n", parameters);
        Assert.Contains("Steps: 3, Sampler: Euler, CFG scale: 3.5", parameters);
        Assert.Contains("Column: e2", parameters);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(dir, "sample", "p0_base_s3.png")), File.ReadAllBytes(Path.Combine(dir, "sample", "p0_e4_s3.png")));
    }

    [Fact]
    public void GridReusesTrainingSamplesRendersTheOtherCheckpointsThenGridsAndMetrics()
    {
        string dir = Out("grid");
        var (code, output, err) = Train(dir, 3, [.. PromptsArgs, "--sample-every-n-epochs", "2", "--sample-at-first", "--grid"]);
        Assert.True(code == CliApp.ExitOk, err);
        // base and e2 sampled while training; e1 and e3 (the final file) rendered from the checkpoints afterwards.
        Assert.Contains("reusing the samples of 2 column(s)", output);
        Assert.Equal(["p0_base_s3.png", "p0_e1_s3.png", "p0_e2_s3.png", "p0_e3_s3.png", "p1_base_s4.png", "p1_e1_s4.png", "p1_e2_s4.png", "p1_e3_s4.png"], SampleNames(dir));
        string[] grids = Directory.GetFiles(Path.Combine(dir, "grids"), "*.png");
        Assert.Equal(2, grids.Length);
        Assert.All(grids, g => Assert.True(ImageFile.Load(g).Width > 4 * 16));
        string[] csvs = Directory.GetFiles(Path.Combine(dir, "metrics"), "*.csv");
        Assert.NotEmpty(csvs);
        Assert.All(csvs, c => Assert.True(File.ReadAllLines(c).Length > 1, $"{c} has no rows"));
        Assert.True(File.Exists(Path.Combine(dir, "metrics", "report.html")));
        Assert.Contains("p1-ohwx-revolver (probe)", output); // the prompt file's role reached the verdict
        Assert.Contains($"grids: {Path.Combine(dir, "grids")} (2 page(s))", output);
        Assert.Contains($"metrics: {Path.Combine(dir, "metrics")}", output);
    }

    /// <summary>
    /// At a fixed thread count (LibTorch splits backward reductions by thread, so another count may move the last bits
    /// of the weights): two sampled runs give the same images and checkpoints, and those equal an unsampled run's.
    /// </summary>
    [Fact]
    public void SamplingIsDeterministicAndLeavesTheWeightsAlone()
    {
        int before = ComputeThreads.Current;
        try
        {
            ComputeThreads.Set(2);
            var first = Train(Out("a"), 2, [.. PromptsArgs, "--sample-every-n-epochs", "1", "--sample-at-first", "--quiet"]);
            var second = Train(Out("b"), 2, [.. PromptsArgs, "--sample-every-n-epochs", "1", "--sample-at-first", "--quiet"]);
            var none = Train(Out("none"), 2, "--quiet");
            Assert.True(first.Code == CliApp.ExitOk, first.Err);
            Assert.True(second.Code == CliApp.ExitOk, second.Err);
            Assert.True(none.Code == CliApp.ExitOk, none.Err);
            Assert.Equal(6, SampleNames(Out("a")).Length);
            Assert.Equal(SampleNames(Out("a")), SampleNames(Out("b")));
            foreach (string name in SampleNames(Out("a")))
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(Out("a"), "sample", name)), File.ReadAllBytes(Path.Combine(Out("b"), "sample", name)));
            }
            foreach (string checkpoint in new[] { "style-000001.safetensors", "style.safetensors" })
            {
                byte[] expected = File.ReadAllBytes(Path.Combine(Out("none"), checkpoint));
                Assert.Equal(expected, File.ReadAllBytes(Path.Combine(Out("a"), checkpoint)));
                Assert.Equal(expected, File.ReadAllBytes(Path.Combine(Out("b"), checkpoint)));
            }
        }
        finally
        {
            ComputeThreads.Set(before);
        }
    }

    [Fact]
    public void AnEpochSampledDuringTrainingMatchesSamplingItsCheckpointFile()
    {
        string shipped = EpochCompare.Demo.ShippedAssets.Verified(EpochCompare.Demo.ShippedAssets.FluxTinyBase);
        string dir = Out("live");
        var trained = Train(dir, 1, [.. PromptsArgs, "--base", shipped, "--sample-every-n-epochs", "1", "--sample-at-first", "--quiet"]);
        Assert.True(trained.Code == CliApp.ExitOk, trained.Err);
        // The same prompt, seed and steps through `sample`, with the saved LoRA merged into the base weights.
        string again = Out("from-file");
        var sampled = Run("sample", "--base", shipped, "--with-base", "--lora", Path.Combine(dir, "style.safetensors"), "--prompt", "ohwx car",
            "--seed", "3", "--steps", "2", "--width", "16", "--height", "16", "--out", again, "--quiet");
        Assert.True(sampled.Code == CliApp.ExitOk, sampled.Err);
        RgbaImage live = ImageFile.Load(Path.Combine(dir, "sample", "p0_e1_s3.png"));
        // The last save has no epoch suffix: its column is named by its ss_epoch, like the live sample.
        RgbaImage fromFile = ImageFile.Load(Path.Combine(again, "p0_e1_s3.png"));
        RgbaImage liveBase = ImageFile.Load(Path.Combine(dir, "sample", "p0_base_s3.png"));
        Assert.Equal(ImageFile.Load(Path.Combine(again, "p0_base_s3.png")).Pixels, liveBase.Pixels);
        // Side path vs merged weights round differently in float; after 8-bit quantisation at most 1 level apart.
        Assert.All(live.Pixels.Zip(fromFile.Pixels), p => Assert.InRange(Math.Abs(p.First - p.Second), 0, 1));
        Assert.NotEqual(liveBase.Pixels, live.Pixels);
    }

    [Theory]
    [InlineData("--grid")]
    [InlineData("--sample-every-n-epochs", "2")]
    [InlineData("--sample-at-first")]
    public void SamplingOptionsWithoutPromptsAreUsageErrors(params string[] option)
    {
        var (code, _, err) = Run(["train", "--dry-run", .. option]);
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains($"{option[0]} needs --sample-prompts FILE", err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void ANewRunRefusesAnEarlierRunsSamples()
    {
        string dir = Out("earlier");
        Directory.CreateDirectory(Path.Combine(dir, "sample"));
        File.WriteAllText(Path.Combine(dir, "sample", "p0_e5_s3.png"), "not ours to replace");
        var (code, _, err) = Train(dir, 1, [.. PromptsArgs, "--sample-every-n-epochs", "1"]);
        Assert.Equal(CliApp.ExitFailure, code);
        Assert.Contains($"{Path.Combine(dir, "sample")}: already holds files of an earlier run", err);
        Assert.Equal("not ours to replace", File.ReadAllText(Path.Combine(dir, "sample", "p0_e5_s3.png")));
        Assert.False(File.Exists(Path.Combine(dir, "style.safetensors")));
    }

    [Fact]
    public void ABadPromptFileStopsBeforeTraining()
    {
        string prompts = Out("bad-prompts.txt");
        File.WriteAllText(prompts, "ohwx car --q 3\n");
        string dir = Out("bad");
        var (code, _, err) = Train(dir, 1, "--sample-prompts", prompts, "--grid");
        Assert.Equal(CliApp.ExitFailure, code);
        Assert.Contains("bad-prompts.txt line 1: unknown option --q", err);
        Assert.False(Directory.Exists(dir));
    }
}
