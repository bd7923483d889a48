using System.IO.Compression;

namespace EpochCompare.Imaging.Formats.Png;

/// <summary>How <see cref="PngEncoder"/> writes a file.</summary>
public sealed record PngEncoderOptions
{
    public static readonly PngEncoderOptions Default = new();

    /// <summary>zlib effort: Optimal is about 2x slower than Fastest and about 35% smaller on photos.</summary>
    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Optimal;

    /// <summary>Text chunks written before the image data, in order.</summary>
    public IReadOnlyList<PngText> Texts { get; init; } = [];
}
