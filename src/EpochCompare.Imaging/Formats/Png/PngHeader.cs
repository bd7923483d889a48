using System.Buffers.Binary;

namespace EpochCompare.Imaging.Formats.Png;

/// <summary>The IHDR fields, validated against the combinations the spec allows.</summary>
public sealed record PngHeader(int Width, int Height, int BitDepth, PngColorType ColorType, bool Interlaced)
{
    /// <summary>Samples per pixel for the colour type (palette index counts as one).</summary>
    public int Channels => ColorType switch
    {
        PngColorType.Gray or PngColorType.Palette => 1,
        PngColorType.GrayAlpha => 2,
        PngColorType.Rgb => 3,
        _ => 4,
    };

    public int BitsPerPixel => Channels * BitDepth;

    /// <summary>The filter's byte distance to the "left" pixel: at least 1 for sub-byte pixels.</summary>
    public int FilterStride => Math.Max(1, BitsPerPixel / 8);

    public int RowBytes(int width) => (int)(((long)width * BitsPerPixel + 7) / 8);

    internal static PngHeader Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length != 13)
        {
            throw new InvalidDataException($"PNG IHDR chunk has {data.Length} bytes, expected 13.");
        }
        uint width = BinaryPrimitives.ReadUInt32BigEndian(data);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        int bitDepth = data[8];
        var colorType = (PngColorType)data[9];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw new InvalidDataException($"PNG has invalid size {width}x{height}.");
        }
        bool validDepth = colorType switch
        {
            PngColorType.Gray => bitDepth is 1 or 2 or 4 or 8 or 16,
            PngColorType.Palette => bitDepth is 1 or 2 or 4 or 8,
            PngColorType.Rgb or PngColorType.GrayAlpha or PngColorType.Rgba => bitDepth is 8 or 16,
            _ => throw new InvalidDataException($"PNG has unknown colour type {(int)colorType}."),
        };
        if (!validDepth)
        {
            throw new InvalidDataException($"PNG colour type {colorType} cannot have bit depth {bitDepth}.");
        }
        if (data[10] != 0 || data[11] != 0)
        {
            throw new InvalidDataException($"PNG uses unknown compression method {data[10]} or filter method {data[11]}.");
        }
        if (data[12] > 1)
        {
            throw new InvalidDataException($"PNG uses unknown interlace method {data[12]}.");
        }
        return new PngHeader((int)width, (int)height, bitDepth, colorType, data[12] == 1);
    }
}
