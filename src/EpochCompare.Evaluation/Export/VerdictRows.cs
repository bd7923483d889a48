using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Export;

/// <summary>One row per verdict: the overall one ("*") first, then per prompt.</summary>
public static class VerdictRows
{
    public static IEnumerable<VerdictRow> From(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Verdicts.Select(v => new VerdictRow
        {
            RunId = result.Options.RunId,
            PreprocessingVersion = AnalysisCanvas.PreprocessingVersion,
            PromptId = v.PromptId,
            PromptRole = v.Role,
            Verdict = v.Verdict,
            LearnedEpoch = v.LearnedEpoch,
            OverfitFrom = v.OverfitFrom,
            OverfitKind = v.OverfitKind,
            OverfitTrigger = v.OverfitTrigger,
            SweetSpotFrom = v.SweetSpotFrom,
            SweetSpotTo = v.SweetSpotTo,
            RecommendedEpoch = v.RecommendedEpoch,
            NextExperiment = v.Next?.Text,
            NextFrom = v.Next?.From,
            NextTo = v.Next?.To,
            NextEvery = v.Next?.Every,
            Reasons = v.ReasonText,
            VerdictBasis = v.Basis,
        });
    }
}
