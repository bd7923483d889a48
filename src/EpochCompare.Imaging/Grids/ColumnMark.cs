namespace EpochCompare.Imaging.Grids;

public enum ColumnMarkKind
{
    None,
    /// <summary>The verdict's pick (sweet spot): highlighted in green.</summary>
    Recommended,
    /// <summary>Shows signs of overfitting that are not yet conclusive: amber.</summary>
    Suspect,
    /// <summary>Overfit: label and frame in red.</summary>
    Overfit,
}

/// <summary>A verdict drawn on a column by the metrics layer; <c>Note</c> replaces the default caption.</summary>
public sealed record ColumnMark(ColumnMarkKind Kind, string? Note = null)
{
    public static ColumnMark None { get; } = new(ColumnMarkKind.None);

    public static ColumnMark Recommended(string? note = null) => new(ColumnMarkKind.Recommended, note);

    public static ColumnMark Suspect(string? note = null) => new(ColumnMarkKind.Suspect, note);

    public static ColumnMark Overfit(string? note = null) => new(ColumnMarkKind.Overfit, note);

    public string? Caption => Note ?? Kind switch
    {
        ColumnMarkKind.Recommended => "recommended",
        ColumnMarkKind.Suspect => "suspect",
        ColumnMarkKind.Overfit => "overfit",
        _ => null,
    };
}
