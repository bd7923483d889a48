using static EpochCompare.Cli.Tests.CliRunner;
using System.Text.Json;

namespace EpochCompare.Cli.Tests;

/// <summary>
/// The real test of the overfit verdict: the full demo (about 100 s), its offline verdict checked against the
/// demo's concept classifier, cell by cell. A checkpoint the verdict calls overfit must be within one checkpoint of
/// one where the classifier no longer sees the prompted concept in most seeds (either side: the verdict may be a
/// checkpoint early or late); a concept the classifier loses for good must be flagged within one checkpoint.
/// </summary>
public sealed class DemoValidationTests() : ScratchFolder("ec-demo-full-")
{
    [Fact]
    public void TheOfflineVerdictAgreesWithTheConceptClassifierWithinOneCheckpoint()
    {
        string target = Path.Combine(Dir, "demo");
        var (code, _, error) = Run("demo", "--quiet", "--out", target);
        Assert.True(code == 0, error);
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, "summary.json")));
        int[] checkpoints = [.. summary.RootElement.GetProperty("checkpoint_epochs").EnumerateArray().Select(e => e.GetInt32())];
        foreach (JsonElement prompt in summary.RootElement.GetProperty("prompts").EnumerateArray())
        {
            string concept = prompt.GetProperty("concept").GetString()!;
            var lostColumns = prompt.GetProperty("classifier_accuracy").EnumerateArray()
                .Where(c => c.GetProperty("accuracy").GetDouble() < 0.5)
                .Select(c => c.GetProperty("epoch").GetInt32())
                .ToHashSet();
            int? verdict = Epoch(prompt.GetProperty("verdict_overfit_epoch"));
            int? lost = Epoch(prompt.GetProperty("classifier_lost_epoch"));
            if (verdict is int flagged)
            {
                int index = Array.IndexOf(checkpoints, flagged);
                Assert.True(index >= 0, $"{concept}: verdict names epoch {flagged}, not a checkpoint");
                bool lostNearby = Enumerable.Range(index - 1, 3).Any(i => i >= 0 && i < checkpoints.Length && lostColumns.Contains(checkpoints[i]));
                Assert.True(lostNearby, $"{concept}: flagged from epoch {flagged} but the classifier still sees it there and one checkpoint either side");
            }
            if (lost is int gone)
            {
                Assert.True(verdict is not null, $"{concept}: the classifier loses it from epoch {gone}, the verdict never flags it");
                Assert.InRange(Array.IndexOf(checkpoints, verdict!.Value) - Array.IndexOf(checkpoints, gone), -1, 1);
            }
        }
    }

    private static int? Epoch(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetInt32();
}
