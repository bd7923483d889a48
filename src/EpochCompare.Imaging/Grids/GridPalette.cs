namespace EpochCompare.Imaging.Grids;

/// <summary>The grid's colors in one place: calm neutrals, with color reserved for meaning.</summary>
internal static class GridPalette
{
    // The page background is white: GridPainter clears its image to 0xFF bytes in one pass.
    public static readonly Rgba32 Text = new(0x20, 0x20, 0x20);
    public static readonly Rgba32 SubtleText = new(0x70, 0x70, 0x70);
    public static readonly Rgba32 HeaderFill = new(0xF0, 0xF0, 0xF0);
    public static readonly Rgba32 BaseHeaderFill = new(0xD6, 0xE4, 0xF5);
    public static readonly Rgba32 BaseText = new(0x1F, 0x4E, 0x8C);
    public static readonly Rgba32 BaseSeparator = new(0x8F, 0xA6, 0xC4);
    public static readonly Rgba32 PlaceholderFill = new(0xE4, 0xE4, 0xE4);
    public static readonly Rgba32 PlaceholderLines = new(0xC6, 0xC6, 0xC6);
    public static readonly Rgba32 EvidenceTrack = new(0xE8, 0xE8, 0xE8);
    public static readonly Rgba32 EvidenceBar = new(0x5B, 0x7D, 0xB1);

    public static Rgba32 MarkStrong(ColumnMarkKind kind) => kind switch
    {
        ColumnMarkKind.Recommended => new Rgba32(0x1E, 0x8E, 0x3E),
        ColumnMarkKind.Suspect => new Rgba32(0xC7, 0x7C, 0x02),
        ColumnMarkKind.Overfit => new Rgba32(0xC6, 0x28, 0x28),
        _ => Text,
    };

    public static Rgba32 MarkFill(ColumnMarkKind kind) => kind switch
    {
        ColumnMarkKind.Recommended => new Rgba32(0xD4, 0xED, 0xDA),
        ColumnMarkKind.Suspect => new Rgba32(0xFD, 0xEB, 0xC8),
        ColumnMarkKind.Overfit => new Rgba32(0xF8, 0xD7, 0xDA),
        _ => HeaderFill,
    };
}
