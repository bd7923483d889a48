using static EpochCompare.Cli.Tests.CliRunner;
using System.Text.Json;
using EpochCompare.Cli;

namespace EpochCompare.Cli.Tests;

public class BenchCommandTests
{
    [Fact]
    public void QuickJsonRunPrintsOneObjectWithTheStableKeys()
    {
        var (code, output, err) = Run("bench", "--quick", "--json", "--threads", "2");
        Assert.True(code == CliApp.ExitOk, err);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("threads").GetInt32());
        Assert.True(root.GetProperty("sgemm_1024_gflops").GetDouble() > 0);
        Assert.True(root.GetProperty("sgemm_m512_n768_k256_nt_gflops").GetDouble() > 0);
        Assert.True(root.GetProperty("attention_b4_h2_l272_d64_fwd_ms").GetDouble() > 0);
        Assert.True(root.GetProperty("attention_b4_h2_l272_d64_bwd_ms").GetDouble() > 0);
        Assert.True(root.GetProperty("op_gelu_us").GetDouble() > 0);
    }

    [Fact]
    public void SectionFilterRunsOnlyThatSectionAndPrintsText()
    {
        var (code, output, _) = Run("bench", "--quick", "--section", "attention");
        Assert.Equal(CliApp.ExitOk, code);
        Assert.Contains("attention b1_h2_l272_d64 forward", output);
        Assert.DoesNotContain("sgemm", output);
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
