using EpochCompare.Evaluation.Features;
using EpochCompare.Evaluation.Signals;
using EpochCompare.Evaluation.Verdicts;

namespace EpochCompare.Evaluation.Tests.Verdicts;

/// <summary>Verdict rules on hand-made signal series: no images involved beyond one placeholder.</summary>
public class VerdictLogicTests
{
    private static readonly VerdictRules Rules = VerdictRules.Default;
    private static readonly MeasuredCell Placeholder = new(
        new SampleCell("p", 0, 1, SyntheticImages.Scene(1, 32), "p.png"),
        ImageFeatures.Compute(SyntheticImages.Prepared(SyntheticImages.Scene(1, 32))));

    private static SeedSignals Seed(string prompt, PromptRole role, int epoch, int seed, double adoption, bool overridden = false, double step = 0.1) => new()
    {
        Cell = Placeholder with { Cell = Placeholder.Cell with { PromptId = prompt, Epoch = epoch, Seed = seed } },
        Role = role,
        ReferenceEpoch = 0,
        ToReference = PairDistances.Between(Placeholder.Features, Placeholder.Features, aligned: false),
        Adoption = adoption,
        AdoptionComposition = overridden ? 1.0 : 0.1,
        MemorizationNorm = overridden ? 0.7 : 0.0,
        StepChange = epoch == 0 ? null : step,
        FriedZ = [0, 0, 0, 0],
    };

    /// <summary>A column of <paramref name="seeds"/> seeds, the first <paramref name="overriddenSeeds"/> of them overridden.</summary>
    private static EpochSummary Column(string prompt, PromptRole role, int epoch, int overriddenSeeds, double adoption = 1.0, int seeds = 4, double step = 0.1) =>
        EpochSummary.Summarize(
            [.. Enumerable.Range(1, seeds).Select(s => Seed(prompt, role, epoch, s, adoption, s <= overriddenSeeds, step))],
            null, null, Rules);

    [Fact]
    public void OneSeedOfFourDoesNotFlagAColumnButThreeDo()
    {
        Assert.False(Column("p", PromptRole.Probe, 100, overriddenSeeds: 1).Flags.Overridden);
        Assert.False(Column("p", PromptRole.Probe, 100, overriddenSeeds: 2).Flags.Overridden);
        Assert.True(Column("p", PromptRole.Probe, 100, overriddenSeeds: 3).Flags.Overridden);
    }

    [Fact]
    public void TargetsAreNeverOverridden()
    {
        // Moving away from base toward the training set is what a target should do.
        Assert.False(Column("t", PromptRole.Target, 100, overriddenSeeds: 4).Flags.Overridden);
    }

    [Fact]
    public void OnsetNeedsPersistence()
    {
        var series = new[] { 25, 50, 75, 100, 125, 150, 175 }
            .Select(e => Column("p", PromptRole.Probe, e, overriddenSeeds: e is 50 or 125 or 150 or 175 ? 4 : e == 100 ? 1 : 0))
            .ToList();
        // 50 is flagged once (75 is clean): a blip. 100 has one seed: not flagged. 125 persists through 175.
        Assert.Equal(125, OverfitOnset.Find(series, persistence: 2)!.Epoch);
        Assert.Equal(50, OverfitOnset.Find(series, persistence: 0)!.Epoch);
        Assert.Equal([50], OverfitOnset.Blips(series, OverfitOnset.Find(series, 2)).Select(s => s.Epoch));
    }

    [Fact]
    public void FlagOnTheLastCheckpointCountsThroughTheEnd()
    {
        var series = new[] { 25, 50, 75 }.Select(e => Column("p", PromptRole.Probe, e, overriddenSeeds: e == 75 ? 4 : 0)).ToList();
        Assert.Equal(75, OverfitOnset.Find(series, persistence: 2)!.Epoch);
    }

    [Fact]
    public void FullVerdictNamesOnsetSweetSpotAndTheRefinementRun()
    {
        int[] epochs = [100, 200, 300, 400];
        var summaries = new List<EpochSummary>
        {
            Column("car", PromptRole.Target, 0, 0, adoption: 0),
            Column("revolver", PromptRole.Probe, 0, 0, adoption: 0),
        };
        foreach (int e in epochs)
        {
            summaries.Add(Column("car", PromptRole.Target, e, 0, adoption: e == 100 ? 0.9 : 1.0));
            summaries.Add(Column("revolver", PromptRole.Probe, e, overriddenSeeds: e >= 200 ? 4 : 0, adoption: e >= 200 ? 1.0 : 0.1));
        }
        var verdicts = new VerdictEngine(Rules).Decide(summaries, new Dictionary<string, IReadOnlyList<Reason>>());
        PromptVerdict overall = verdicts[0];
        Assert.Equal("*", overall.PromptId);
        Assert.Equal("overfit", overall.Verdict);
        Assert.Equal(100, overall.LearnedEpoch);
        Assert.Equal(200, overall.OverfitFrom);
        Assert.Equal("revolver", overall.OverfitTrigger);
        Assert.Equal((100, 100), (overall.SweetSpotFrom!.Value, overall.SweetSpotTo!.Value));
        Assert.Equal(100, overall.RecommendedEpoch);
        Assert.Equal("Refine between epoch 100 and 200 with a checkpoint every 25.", overall.Next!.Text);
        Assert.Contains("OVERRIDDEN@200 prompt=revolver A_comp=1 M_norm=0.7 seeds=4/4", overall.ReasonText);
        Assert.Equal("ok", verdicts.Single(v => v.PromptId == "car").Verdict);
        Assert.Equal(200, verdicts.Single(v => v.PromptId == "revolver").OverfitFrom);
    }

    [Fact]
    public void OverfittingBeforeLearningAsksForAGentlerRun()
    {
        var summaries = new List<EpochSummary> { Column("t", PromptRole.Target, 0, 0, adoption: 0), Column("p", PromptRole.Probe, 0, 0, adoption: 0) };
        foreach (int e in new[] { 10, 20, 30, 40 })
        {
            summaries.Add(Column("t", PromptRole.Target, e, 0, adoption: e < 40 ? 0.1 : 1.0));
            summaries.Add(Column("p", PromptRole.Probe, e, overriddenSeeds: 4));
        }
        PromptVerdict overall = new VerdictEngine(Rules).Decide(summaries, new Dictionary<string, IReadOnlyList<Reason>>())[0];
        Assert.Equal(10, overall.OverfitFrom);
        Assert.Null(overall.RecommendedEpoch);
        Assert.Equal("retrain_gentler", overall.Next!.Kind);
        Assert.Contains(overall.Reasons, r => r.Code == "OVERFITS_BEFORE_LEARNED");
    }

    [Fact]
    public void NoOverfitAndStillChangingAsksToTrainLonger()
    {
        var summaries = new List<EpochSummary> { Column("t", PromptRole.Target, 0, 0, adoption: 0) };
        foreach (int e in new[] { 1, 2, 3, 4 })
        {
            summaries.Add(Column("t", PromptRole.Target, e, 0, adoption: e * 0.3, step: 0.6));
        }
        PromptVerdict overall = new VerdictEngine(Rules).Decide(summaries, new Dictionary<string, IReadOnlyList<Reason>>())[0];
        Assert.Null(overall.OverfitFrom);
        Assert.Equal("learning", overall.Verdict);
        Assert.Equal("train_longer", overall.Next!.Kind);
        Assert.Equal((4, 8), (overall.Next.From!.Value, overall.Next.To!.Value));
    }

    [Theory]
    [InlineData(100, 25)]
    [InlineData(25, 5)]
    [InlineData(250, 50)]
    [InlineData(50, 10)]
    [InlineData(3, 1)]
    public void RefinedStepIsAReadableQuarterOfTheGap(int gap, int expected) =>
        Assert.Equal(expected, NextExperiment.RefinedStep(gap));
}
