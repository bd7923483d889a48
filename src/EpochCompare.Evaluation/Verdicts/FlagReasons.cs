using EpochCompare.Evaluation.Signals;

namespace EpochCompare.Evaluation.Verdicts;

/// <summary>Turns the flags of one checkpoint into reason codes with the medians, seed votes and the signal behind them.</summary>
public static class FlagReasons
{
    public static IEnumerable<Reason> Describe(EpochSummary s, string prefix = "")
    {
        string seeds(int n) => $"{n}/{s.Seeds}";
        var semantic = s.Semantic;
        if (s.Flags.ConceptLost && semantic is not null)
        {
            yield return Reason.Of(prefix + "CONCEPT_LOST", s.Epoch,
                ("prompt", s.PromptId), ("concept", semantic.Concept), ("score", semantic.ConceptScore), ("base", semantic.ConceptBase),
                ("seeds", $"{semantic.ConceptLostSeeds}/{semantic.ConceptPresentSeeds}"), ("signal", "clip"));
        }
        if (s.Flags.Overridden)
        {
            yield return Reason.Of(prefix + "OVERRIDDEN", s.Epoch,
                ("prompt", s.PromptId), ("A_comp", s.AdoptionComposition), ("M_norm", s.MemorizationNorm), ("leak", s.LeakMax), ("seeds", seeds(s.OverriddenSeeds)), ("signal", "appearance"));
        }
        if (s.Flags.Memorized)
        {
            bool dino = semantic?.Memorized == true, appearance = s.AppearanceFlags.Memorized;
            yield return Reason.Of(prefix + "MEMORIZED", s.Epoch,
                ("prompt", s.PromptId),
                ("dino_nn", dino ? semantic!.DinoTrainNearest : null), ("train", dino ? semantic!.DinoTrainNearestId : null), ("dino_seeds", dino ? seeds(semantic!.DinoMemorizedSeeds) : null),
                ("carlini_ratio", appearance ? s.CarliniRatio : null), ("near_dup", appearance ? seeds(s.NearDuplicateSeeds) : null), ("seeds", appearance ? seeds(s.MemorizedSeeds) : null),
                ("signal", dino && appearance ? "dinov2+appearance" : dino ? "dinov2" : "appearance"));
        }
        if (s.Flags.Collapsed)
        {
            yield return semantic?.DinoVendiRatio is not null
                ? Reason.Of(prefix + "COLLAPSED", s.Epoch, ("prompt", s.PromptId), ("dino_vendi", semantic.DinoVendi), ("dino_vendi_ratio", semantic.DinoVendiRatio), ("signal", "dinov2"))
                : Reason.Of(prefix + "COLLAPSED", s.Epoch, ("prompt", s.PromptId), ("vendi", s.Diversity?.Vendi), ("vendi_ratio", s.VendiRatio), ("signal", "appearance"));
        }
        if (s.Flags.Fried)
        {
            yield return Reason.Of(prefix + "FRIED", s.Epoch, ("prompt", s.PromptId), ("seeds", seeds(s.FriedSeeds)), ("signal", "appearance"));
        }
    }

    /// <summary>The signal family that decided the checkpoint's verdict kind.</summary>
    public static string DecidingSignal(EpochSummary s) => s.Flags.Kind switch
    {
        OverfitKind.ConceptLost => "clip concept_score",
        OverfitKind.Memorized => s.Semantic?.Memorized == true ? "dinov2 dino_train_nn" : "appearance carlini_ratio/near_dup",
        OverfitKind.Collapsed => s.Semantic?.DinoVendiRatio is not null ? "dinov2 dino_vendi" : "appearance vendi",
        OverfitKind.Overridden => "appearance adoption_comp",
        OverfitKind.Fried => "appearance fried",
        _ => "none",
    };
}
