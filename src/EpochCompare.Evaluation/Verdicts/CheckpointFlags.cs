namespace EpochCompare.Evaluation.Verdicts;

/// <summary>What is wrong at one checkpoint of one prompt, before persistence is required.</summary>
public readonly record struct CheckpointFlags(bool Overridden, bool Memorized, bool Fried, bool Collapsed)
{
    public static CheckpointFlags None => default;

    public bool Any => Overridden || Memorized || Fried || Collapsed;

    /// <summary>The most specific name for the problem, in order of how directly it shows overfitting.</summary>
    public OverfitKind? Kind =>
        Memorized ? OverfitKind.Memorized
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
        _ => false,
    };
}

public enum OverfitKind
{
    Overridden,
    Memorized,
    Collapsed,
    Fried,
}
