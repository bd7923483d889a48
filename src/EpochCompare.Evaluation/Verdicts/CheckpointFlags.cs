namespace EpochCompare.Evaluation.Verdicts;

/// <summary>What is wrong at one checkpoint of one prompt, before persistence is required.</summary>
/// <remarks><paramref name="ConceptLost"/> comes from CLIP (the prompt's concept is no longer recognised); the others from
/// appearance signals, or DINOv2 where its weights were given.</remarks>
public readonly record struct CheckpointFlags(bool Overridden, bool Memorized, bool Fried, bool Collapsed, bool ConceptLost = false)
{
    public static CheckpointFlags None => default;

    public bool Any => Overridden || Memorized || Fried || Collapsed || ConceptLost;

    /// <summary>The most specific name for the problem, in order of how directly it shows overfitting.</summary>
    public OverfitKind? Kind =>
        Memorized ? OverfitKind.Memorized
        : ConceptLost ? OverfitKind.ConceptLost
        : Overridden ? OverfitKind.Overridden
        : Collapsed ? OverfitKind.Collapsed
        : Fried ? OverfitKind.Fried
        : null;

    public bool Has(OverfitKind kind) => kind switch
    {
        OverfitKind.Memorized => Memorized,
        OverfitKind.Overridden => Overridden,
        OverfitKind.Collapsed => Collapsed,
        OverfitKind.Fried => Fried,
        OverfitKind.ConceptLost => ConceptLost,
        _ => false,
    };
}

public enum OverfitKind
{
    Overridden,
    Memorized,
    Collapsed,
    Fried,
    ConceptLost,
}
