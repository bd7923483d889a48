namespace EpochCompare.Imaging.Formats.Png;

/// <summary>How <see cref="PngEncoder"/> writes a file.</summary>
public sealed record PngEncoderOptions
{
    public static readonly PngEncoderOptions Default = new();

    /// <summary>zlib effort 0-9 (6, zlib's own default, is the usual size/speed balance; 1 is about twice as fast).</summary>
    public int ZLibLevel { get; init; } = 6;

    /// <summary>Text chunks written after IHDR, in order.</summary>
    public IReadOnlyList<PngText> Texts { get; init; } = [];
}
