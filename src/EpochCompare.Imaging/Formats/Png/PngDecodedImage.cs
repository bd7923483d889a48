namespace EpochCompare.Imaging.Formats.Png;

/// <summary>A decoded PNG: pixels as 8-bit RGBA, the original header, and its text chunks in file order.</summary>
public sealed record PngDecodedImage(RgbaImage Image, PngHeader Header, IReadOnlyList<PngText> Texts);
