using static EpochCompare.Cli.Tests.CliRunner;
using EpochCompare.Cli;
using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Formats.Png;

namespace EpochCompare.Cli.Tests;

public sealed class GridCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ec-grid-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void WriteSample(string name, byte shade) =>
        PngEncoder.Save(RgbaImage.Filled(48, 48, new Rgba32(shade, 80, 160)), Path.Combine(_dir, name));

    [Fact]
    public void KohyaSamplesBecomeOneGridPerPromptWithMetadata()
    {
        foreach (int epoch in new[] { 0, 25, 50 })
        {
            foreach (int seed in new[] { 1, 2 })
            {
                WriteSample($"ohwx_e{epoch:D6}_00_20240101120000_{seed}.png", (byte)(epoch * 4));
            }
        }
        WriteSample("ohwx_e000025_01_20240101120000_1.png", 10);
        string prompts = Path.Combine(_dir, "prompts.txt");
        File.WriteAllLines(prompts, ["ohwx car, 3D render --d 1", "ohwx revolver --d 1"]);

        var (code, output, error) = Run("grid", "--samples", _dir, "--prompts", prompts);

        Assert.True(code == CliApp.ExitOk, error);
        string first = Path.Combine(_dir, "grids", "prompt00.png");
        Assert.Contains(first, output);
        IReadOnlyList<PngText> texts = PngTextReader.Read(first);
        string parameters = texts.Single(t => t.Keyword == "parameters").Text;
        Assert.StartsWith("ohwx car, 3D render\n", parameters);
        Assert.Contains("X Values: \"Base, 25, 50\"", parameters);
        Assert.Contains("ohwx_e000050_00_20240101120000_2.png", texts.Single(t => t.Keyword == "epochcompare").Text);
        Assert.True(File.Exists(Path.Combine(_dir, "grids", "prompt01.png")));
    }

    [Fact]
    public void AKohyaRunFolderWithOneSeedPerPromptLineGivesOneGridPerPromptText()
    {
        // kohya's prompt file: 2 prompts x 3 seeds = 6 lines, so its samples are numbered _00_.._05_.
        string sample = Path.Combine(_dir, "run", "sample");
        Directory.CreateDirectory(sample);
        string[] lines = ["ohwx car --d 1", "ohwx car --d 2", "ohwx car --d 3", "an apple --d 1 --ss euler", "an apple --d 2", "an apple --d 3"];
        foreach (int epoch in new[] { 0, 2, 4 })
        {
            for (int line = 0; line < lines.Length; line++)
            {
                PngEncoder.Save(RgbaImage.Filled(32, 32, new Rgba32((byte)(epoch * 40), (byte)(line * 30), 90)),
                    Path.Combine(sample, $"ohwx_e{epoch:D6}_{line:D2}_2024113012{epoch:D2}{line:D2}_{line % 3 + 1}.png"));
            }
        }
        string prompts = Path.Combine(_dir, "prompts.txt");
        File.WriteAllLines(prompts, lines);

        var (code, output, error) = Run("grid", "--samples", Path.Combine(_dir, "run"), "--prompts", prompts);

        Assert.True(code == CliApp.ExitOk, error);
        Assert.Contains($"reading samples from {sample}", output);
        string[] pages = [.. Directory.GetFiles(Path.Combine(_dir, "run", "grids"), "*.png").Select(Path.GetFileName).Order()!];
        Assert.Equal(["prompt00.png", "prompt03.png"], pages);
        IReadOnlyList<PngText> apple = PngTextReader.Read(Path.Combine(_dir, "run", "grids", "prompt03.png"));
        string parameters = apple.Single(t => t.Keyword == "parameters").Text;
        Assert.StartsWith("an apple\n", parameters);
        Assert.Contains("X Values: \"Base, 2, 4\"", parameters);
        Assert.Contains("3 rows", output);
        Assert.Contains("ohwx_e000004_05_20241130120405_3.png", apple.Single(t => t.Keyword == "epochcompare").Text);
        Assert.DoesNotContain("warning", error);
    }

    [Fact]
    public void EpochSelectionAndOutputFolderAreHonoured()
    {
        foreach (int epoch in new[] { 0, 25, 50, 75 })
        {
            WriteSample($"e{epoch}_s1.png", 50);
        }
        string outDir = Path.Combine(_dir, "out");
        var (code, _, error) = Run("grid", "--samples", _dir, "--out", outDir, "--epochs", "25,75", "--quiet");
        Assert.True(code == CliApp.ExitOk, error);
        string parameters = PngTextReader.Read(Path.Combine(outDir, "prompt00.png")).Single(t => t.Keyword == "parameters").Text;
        Assert.Contains("X Values: \"Base, 25, 75\"", parameters);
    }

    [Theory]
    [InlineData("webp", ".webp")]
    [InlineData("jpg", ".jpg")]
    public void FormatOptionWritesJpegOrWebpWithTheParametersInExif(string format, string extension)
    {
        foreach (int epoch in new[] { 0, 25 })
        {
            WriteSample($"e{epoch}_s1.png", 50);
        }
        string outDir = Path.Combine(_dir, "out");
        var (code, _, error) = Run("grid", "--samples", _dir, "--out", outDir, "--format", format, "--quality", "80", "--quiet");
        Assert.True(code == CliApp.ExitOk, error);
        string grid = Assert.Single(Directory.GetFiles(outDir));
        Assert.Equal("prompt00" + extension, Path.GetFileName(grid));
        Assert.Contains("X Values: \"Base, 25\"", ImageParameters.Read(grid));
        Assert.True(ImageFile.Load(grid).Width > 2 * 48);
    }

    [Fact]
    public void UnknownFormatIsAUsageError()
    {
        WriteSample("e25_s1.png", 1);
        var (code, _, error) = Run("grid", "--samples", _dir, "--format", "tiff");
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("--format must be png, jpg or webp", error);
    }

    [Fact]
    public void AFolderWithoutRecognisableSamplesFailsWithOneLineListingTheFiles()
    {
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "x");
        WriteSample("holiday.png", 1);
        var (code, _, error) = Run("grid", "--samples", _dir);
        Assert.Equal(CliApp.ExitFailure, code);
        Assert.Contains("no sample images with a recognised name", error);
        Assert.Contains("holiday.png, notes.txt", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void BadEpochListIsAUsageError()
    {
        WriteSample("e25_s1.png", 1);
        var (code, _, error) = Run("grid", "--samples", _dir, "--epochs", "25,abc");
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("--epochs", error);
    }
}
