using EpochCompare.Evaluation.Signals;

namespace EpochCompare.Evaluation.Verdicts;

/// <summary>Turns the flags of one checkpoint into reason codes with the medians and seed votes behind them.</summary>
public static class FlagReasons
{
    public static IEnumerable<Reason> Describe(EpochSummary s, string prefix = "")
    {
        string seeds(int n) => $"{n}/{s.Seeds}";
        if (s.Flags.Overridden)
        {
            yield return Reason.Of(prefix + "OVERRIDDEN", s.Epoch,
                ("prompt", s.PromptId), ("A_comp", s.AdoptionComposition), ("M_norm", s.MemorizationNorm), ("leak", s.LeakMax), ("seeds", seeds(s.OverriddenSeeds)));
        }
        if (s.Flags.Memorized)
        {
            yield return Reason.Of(prefix + "MEMORIZED", s.Epoch,
                ("prompt", s.PromptId), ("carlini_ratio", s.CarliniRatio), ("near_dup", seeds(s.NearDuplicateSeeds)), ("seeds", seeds(s.MemorizedSeeds)));
        }
        if (s.Flags.Collapsed)
        {
            yield return Reason.Of(prefix + "COLLAPSED", s.Epoch,
                ("prompt", s.PromptId), ("vendi", s.Diversity?.Vendi), ("vendi_ratio", s.VendiRatio));
        }
        if (s.Flags.Fried)
        {
            yield return Reason.Of(prefix + "FRIED", s.Epoch, ("prompt", s.PromptId), ("seeds", seeds(s.FriedSeeds)));
        }
    }
}
