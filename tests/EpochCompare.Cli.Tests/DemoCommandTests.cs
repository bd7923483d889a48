using static EpochCompare.Cli.Tests.CliRunner;
using System.Text.Json;
using EpochCompare.Cli;

namespace EpochCompare.Cli.Tests;

/// <summary>The quick demo on the shipped base: the whole pipeline, end to end, in well under a minute.</summary>
public sealed class DemoCommandTests() : ScratchFolder("ec-demo-")
{
    [Fact]
    public void QuickDemoWritesCheckpointsGridsMetricsAndASummaryThenReplacesItsOwnFolderOnRerun()
    {
        string target = Path.Combine(Dir, "demo");
        var (code, output, error) = Run("demo", "--quick", "--out", target);
        Assert.True(code == 0, error);
        Assert.False(Directory.Exists(target + ".partial"));

        using (JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, "summary.json"))))
        {
            JsonElement root = summary.RootElement;
            Assert.Equal([2, 4], root.GetProperty("checkpoint_epochs").EnumerateArray().Select(e => e.GetInt32()));
            Assert.All(root.GetProperty("checkpoints").EnumerateArray(), c => Assert.True(File.Exists(Path.Combine(target, c.GetString()!))));
            JsonElement[] prompts = [.. root.GetProperty("prompts").EnumerateArray()];
            Assert.Equal(["car", "revolver"], prompts.Select(p => p.GetProperty("concept").GetString()));
            foreach (JsonElement prompt in prompts)
            {
                JsonElement[] columns = [.. prompt.GetProperty("classifier_accuracy").EnumerateArray()];
                Assert.Equal([0, 2, 4], columns.Select(c => c.GetProperty("epoch").GetInt32()));
                Assert.All(columns, c => Assert.Equal(2, c.GetProperty("predicted").GetArrayLength()));
                Assert.True(prompt.TryGetProperty("classifier_lost_epoch", out _));
                Assert.True(prompt.TryGetProperty("verdict_overfit_epoch", out _));
                Assert.All(prompt.GetProperty("grids").EnumerateArray(), g => Assert.True(File.Exists(Path.Combine(target, g.GetString()!))));
            }
            Assert.True(File.Exists(Path.Combine(target, root.GetProperty("report").GetString()!)));
        }
        Assert.True(File.Exists(Path.Combine(target, "metrics", "verdict.csv")));
        Assert.Contains("classifier_lost_epoch", output);

        var (again, _, againError) = Run("demo", "--quick", "--quiet", "--out", target);
        Assert.True(again == 0, againError);
        Assert.True(File.Exists(Path.Combine(target, "summary.json")));
        Assert.False(Directory.Exists(target + ".old"));
    }

    [Fact]
    public void AFolderThatIsNotAnEarlierDemoIsRefusedAndLeftAlone()
    {
        string target = Path.Combine(Dir, "mine");
        Directory.CreateDirectory(target);
        string precious = Path.Combine(target, "my-lora.safetensors");
        File.WriteAllText(precious, "keep me");
        var (code, _, error) = Run("demo", "--quick", "--out", target);
        Assert.Equal(1, code);
        Assert.Contains(target, error);
        Assert.Equal("keep me", File.ReadAllText(precious));
        Assert.False(Directory.Exists(target + ".partial"));
    }
}
