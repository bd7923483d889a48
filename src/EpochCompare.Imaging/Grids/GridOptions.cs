using EpochCompare.Imaging.Text;

namespace EpochCompare.Imaging.Grids;

/// <summary>How a grid is sized, split and lettered.</summary>
public sealed record GridOptions
{
    public static GridOptions Default { get; } = new();

    /// <summary>Longest side of a cell in pixels; null keeps the images' own size (still subject to the size guard).</summary>
    public int? CellSize { get; init; }

    /// <summary>At most this many non-base columns per page (0: only as many pages as the size guard needs).</summary>
    public int MaxColumnsPerPage { get; init; }

    /// <summary>
    /// Upper bound on one page's area. 80 MP keeps grids under Pillow's decompression-bomb warning
    /// (89.5 MP) and far below A1111's 200 MP guard.
    /// </summary>
    public double MaxMegapixels { get; init; } = 80;

    /// <summary>Upper bound on a page's width and height in pixels (viewers and WebP stop at 16383).</summary>
    public int MaxSide { get; init; } = 16383;

    /// <summary>The size guard shrinks cells down to this longest side before it starts splitting pages.</summary>
    public int MinCellSize { get; init; } = 192;

    /// <summary>Label typeface; null is the shipped DejaVu Sans. Characters it lacks fall back to the system's fonts.</summary>
    public Typeface? Typeface { get; init; }

    /// <summary>The prompt band shows at most this many lines (the full prompt is always in the metadata).</summary>
    public int TitleMaxLines { get; init; } = 3;
}
