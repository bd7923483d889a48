namespace EpochCompare.Imaging.Formats.Png;

/// <summary>IHDR colour type values (PNG spec 11.2.2).</summary>
public enum PngColorType : byte
{
    Gray = 0,
    Rgb = 2,
    Palette = 3,
    GrayAlpha = 4,
    Rgba = 6,
}
