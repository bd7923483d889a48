using EpochCompare.Evaluation.Verdicts;

namespace EpochCompare.Evaluation.Signals;

/// <summary>Per-seed flag tests; a checkpoint is flagged when a majority of its seeds vote.</summary>
public static class SeedVotes
{
    /// <summary>A probe's base composition is gone and the image moved toward the training set or another prompt.</summary>
    public static bool Overridden(SeedSignals s, VerdictRules rules) =>
        s.AdoptionComposition >= rules.OverrideCompositionDrift
        && (s.MemorizationNorm >= rules.OverrideTrainingPull || s.WorstLeak?.Normalized >= rules.OverrideLeak);

    /// <summary>Closer to a training image than that image's own neighbours (Carlini), or a hash near-duplicate.</summary>
    public static bool Memorized(SeedSignals s, VerdictRules rules) =>
        s.CarliniRatio < rules.CarliniRatioLimit || s.NearDuplicate;
}
