using static EpochCompare.Cli.Tests.CliRunner;
using EpochCompare.Cli;
using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats.Png;

namespace EpochCompare.Cli.Tests;

public class MetricsCommandTests
{
    /// <summary>Two prompts x base + 3 epochs x 2 seeds of small procedural images, plain names (e25_s1_p0.png).</summary>
    private static string MakeSamples()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ec-metrics-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        foreach (int prompt in new[] { 0, 1 })
        {
            foreach (int epoch in new[] { 0, 10, 20, 30 })
            {
                foreach (int seed in new[] { 1, 2 })
                {
                    string name = epoch == 0 ? $"base_s{seed}_p{prompt}.png" : $"e{epoch}_s{seed}_p{prompt}.png";
                    PngEncoder.Save(Picture(prompt * 100 + seed, epoch), Path.Combine(dir, name));
                }
            }
        }
        return dir;
    }

    private static RgbaImage Picture(int seed, int epoch)
    {
        var image = new RgbaImage(48, 48);
        var random = new Random(seed);
        int cx = random.Next(8, 40), cy = random.Next(8, 40);
        for (int y = 0; y < 48; y++)
        {
            for (int x = 0; x < 48; x++)
            {
                bool disc = (x - cx) * (x - cx) + (y - cy) * (y - cy) < 100;
                image[x, y] = disc ? new Rgba32((byte)(200 - epoch), 40, (byte)(seed * 2)) : new Rgba32((byte)(x * 5), (byte)(y * 5), (byte)(120 + epoch));
            }
        }
        return image;
    }

    [Fact]
    public void WritesCsvsGridsAndReportAndPrintsTheVerdict()
    {
        string dir = MakeSamples();
        try
        {
            string outDir = Path.Combine(dir, "out");
            var (code, output, error) = Run("metrics", "--samples", dir, "--probe", "1", "--out", outDir, "--run-id", "t1");
            Assert.True(code == CliApp.ExitOk, error);
            Assert.True(File.Exists(Path.Combine(outDir, "metrics_long.csv")));
            Assert.True(File.Exists(Path.Combine(outDir, "summary_by_prompt_epoch.csv")));
            string verdict = File.ReadAllText(Path.Combine(outDir, "verdict.csv"));
            Assert.Contains("t1,", verdict);
            Assert.Contains(",p1,probe,", verdict);
            Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
            Assert.NotEmpty(Directory.GetFiles(outDir, "*.png"));
            Assert.Contains("* (all):", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void UnknownProbeIndexIsAUsageError()
    {
        string dir = MakeSamples();
        try
        {
            var (code, _, error) = Run("metrics", "--samples", dir, "--probe", "7", "--out", Path.Combine(dir, "out"));
            Assert.Equal(CliApp.ExitUsage, code);
            Assert.Contains("--probe 7", error);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void MissingTrainingFolderIsOneLineNamingIt()
    {
        string dir = MakeSamples();
        try
        {
            var (code, _, error) = Run("metrics", "--samples", dir, "--train-data", Path.Combine(dir, "nope"), "--out", Path.Combine(dir, "out"));
            Assert.Equal(CliApp.ExitFailure, code);
            Assert.Contains("nope", error);
            Assert.Single(error.Trim().Split('\n'));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
