using EpochCompare.Evaluation.Signals;
using EpochCompare.Evaluation.Verdicts;

namespace EpochCompare.Evaluation.Tests.Signals;

public class SyntheticRunTests
{
    private static EvaluationResult R => SyntheticRun.Result.Value;

    [Fact]
    public void ProbeOnsetIsWhereItsImagesTurnIntoTheTargetsAndPersist()
    {
        PromptVerdict probe = R.VerdictFor(SyntheticRun.Probe)!;
        Assert.Equal("overfit", probe.Verdict);
        Assert.Equal(175, probe.OverfitFrom);
        Assert.Equal(175, R.Overall.OverfitFrom);
        Assert.Equal(SyntheticRun.Probe, R.Overall.OverfitTrigger);
    }

    [Fact]
    public void BlipsAreReportedButDoNotCountAsOnset()
    {
        Assert.True(R.SummaryFor(SyntheticRun.Probe, 50)!.Flags.Overridden, "majority blip at 50 should flag that column");
        Assert.False(R.SummaryFor(SyntheticRun.Probe, 100)!.Flags.Overridden, "a single seed must not flag a column");
        Assert.Contains(R.Overall.Reasons, r => r.Code == "BLIP_OVERRIDDEN" && r.Epoch == 50);
    }

    [Fact]
    public void TargetIsLearnedAndNeverFlagged()
    {
        PromptVerdict target = R.VerdictFor(SyntheticRun.Target)!;
        Assert.Null(target.OverfitFrom);
        Assert.InRange(target.LearnedEpoch!.Value, 50, 100);
        Assert.All(R.Summaries.Where(s => s.PromptId == SyntheticRun.Target), s => Assert.False(s.Flags.Any));
    }

    [Fact]
    public void SweetSpotEndsBeforeTheOnsetAndTheNextRunRefinesIt()
    {
        var overall = R.Overall;
        Assert.Equal(150, overall.SweetSpotTo);
        Assert.InRange(overall.RecommendedEpoch!.Value, overall.SweetSpotFrom!.Value, 150);
        Assert.Equal("refine", overall.Next!.Kind);
        Assert.Equal((150, 175, 5), (overall.Next.From!.Value, overall.Next.To!.Value, overall.Next.Every!.Value));
    }

    [Fact]
    public void ProbeDriftIsSmallBeforeOnsetAndLeakRisesAfter()
    {
        var before = R.SummaryFor(SyntheticRun.Probe, 150)!;
        var after = R.SummaryFor(SyntheticRun.Probe, 200)!;
        Assert.True(before.Adoption < 0.5, $"adoption before {before.Adoption}");
        Assert.True(after.AdoptionComposition >= R.Options.Rules.OverrideCompositionDrift, $"A_comp after {after.AdoptionComposition}");
        Assert.True(after.LeakMax > 0.3, $"leak after {after.LeakMax}");
        Assert.True(before.LeakMax < 0.3, $"leak before {before.LeakMax}");
    }

    [Fact]
    public void VerdictReasonsCarryTheNumbers()
    {
        string text = R.VerdictFor(SyntheticRun.Probe)!.ReasonText;
        Assert.Matches(@"OVERRIDDEN@175 prompt=probe-prompt A_comp=[0-9.]+ .*seeds=4/4", text);
    }

    [Fact]
    public void ResultIsIndependentOfThreadScheduling()
    {
        // Features are computed in parallel; evaluate again and compare every signal value.
        var again = typeof(SyntheticRun).GetMethod("Evaluate", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        var second = (EvaluationResult)again.Invoke(null, null)!;
        var a = Evaluation.Export.LongRows.From(R).Select(r => r.Value).ToList();
        var b = Evaluation.Export.LongRows.From(second).Select(r => r.Value).ToList();
        Assert.Equal(a, b);
    }
}
