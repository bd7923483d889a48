namespace EpochCompare.Imaging.Formats.Png;

/// <summary>Per-row filter byte values (PNG spec 9.2).</summary>
public enum PngFilterType : byte
{
    None = 0,
    Sub = 1,
    Up = 2,
    Average = 3,
    Paeth = 4,
}
