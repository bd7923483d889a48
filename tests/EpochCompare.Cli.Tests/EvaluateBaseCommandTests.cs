using static EpochCompare.Cli.Tests.CliRunner;
using System.Text.Json;
using EpochCompare.Cli;

namespace EpochCompare.Cli.Tests;

public sealed class EvaluateBaseCommandTests
{
    [Fact]
    public void JsonHasOneRowPerConceptWithTheClassifiersNamesAndConsistentCounts()
    {
        var (code, output, error) = Run("evaluate-base", "--seeds", "2", "--steps", "2", "--json");
        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal("flux-tiny-base.safetensors", root.GetProperty("base").GetString());
        JsonElement[] rows = [.. root.GetProperty("concepts").EnumerateArray()];
        Assert.Equal(12, rows.Length);
        Assert.Equal("a car", rows[0].GetProperty("prompt").GetString());
        int recognised = 0;
        foreach (JsonElement row in rows)
        {
            string concept = row.GetProperty("concept").GetString()!;
            string[] predicted = [.. row.GetProperty("predicted").EnumerateArray().Select(p => p.GetString()!)];
            Assert.Equal(2, predicted.Length);
            Assert.Equal(predicted.Count(p => p == concept), row.GetProperty("recognised").GetInt32());
            recognised += row.GetProperty("recognised").GetInt32();
        }
        Assert.Equal(recognised / 24.0, root.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(root.GetProperty("accuracy").GetDouble() >= 0.8, root.GetProperty("meets_bar").GetBoolean());
    }

    [Fact]
    public void BadCountsAreUsageErrorsAndAMissingBaseIsOneLine()
    {
        var (code, _, error) = Run("evaluate-base", "--seeds", "0");
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("--seeds", error);

        string missing = Path.Combine(Path.GetTempPath(), "ec-no-such-base.safetensors");
        (code, _, error) = Run("evaluate-base", "--base", missing);
        Assert.Equal(CliApp.ExitFailure, code);
        Assert.Contains(missing, error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
