namespace EpochCompare.Imaging.Formats.Png;

/// <summary>The four-letter chunk names this codec reads or writes.</summary>
internal static class PngChunkType
{
    public const string Header = "IHDR";
    public const string Palette = "PLTE";
    public const string Transparency = "tRNS";
    public const string Data = "IDAT";
    public const string End = "IEND";
    public const string Text = "tEXt";
    public const string CompressedText = "zTXt";
    public const string InternationalText = "iTXt";
}
