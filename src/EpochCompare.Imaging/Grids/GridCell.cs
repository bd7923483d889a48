namespace EpochCompare.Imaging.Grids;

/// <summary>One cell: an image, or missing (drawn as a placeholder, never dropped).</summary>
public sealed record GridCell(RgbaImage? Image, CellSource? Source = null)
{
    public static GridCell Missing { get; } = new(null, null);

    public bool IsMissing => Image is null;
}
