using static EpochCompare.Cli.Tests.CliRunner;
using System.Text.Json;
using EpochCompare.Cli;

namespace EpochCompare.Cli.Tests;

public class BenchCommandTests
{
    [Fact]
    public void QuickJsonRunPrintsOneObjectWithTheStableKeys()
    {
        var (code, output, err) = Run("bench", "--quick", "--json", "--threads", "2", "--section", "flux", "--model", "flux-tiny");
        Assert.True(code == CliApp.ExitOk, err);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("threads").GetInt32());
        Assert.True(root.GetProperty("train_step_ms").GetDouble() > 0);
        Assert.True(root.GetProperty("train_step_b8_ms").GetDouble() > 0);
        Assert.True(root.GetProperty("sample_forward_ms").GetDouble() > 0);
        Assert.True(root.GetProperty("sample_column_s").GetDouble() > 0);
        Assert.Equal(128, root.GetProperty("config.hidden_size").GetDouble());
        Assert.False(root.TryGetProperty("rss_after_train_mib", out _)); // the 500-step RSS check is not part of a quick run
    }

    [Fact]
    public void SectionFilterRunsOnlyThatSectionAndPrintsText()
    {
        var (code, output, _) = Run("bench", "--quick", "--section", "decode");
        Assert.Equal(CliApp.ExitOk, code);
        Assert.Contains("[decode]", output);
        Assert.DoesNotContain("[grid]", output);
        Assert.DoesNotContain("flux train step", output);
    }

    [Fact]
    public void UnknownSectionAndBadThreadCountAreUsageErrors()
    {
        var (code, _, err) = Run("bench", "--quick", "--section", "nope");
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("unknown section 'nope'", err);
        (code, _, err) = Run("bench", "--quick", "--threads", "0");
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("--threads", err);
    }
}
