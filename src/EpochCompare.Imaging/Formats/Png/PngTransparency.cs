using System.Buffers.Binary;

namespace EpochCompare.Imaging.Formats.Png;

/// <summary>
/// Palette and tRNS data: per-entry alpha for palette images, or the one
/// colour key (in raw sample values) that is fully transparent for gray and RGB images.
/// </summary>
internal sealed class PngTransparency
{
    public byte[] PaletteRgba { get; } = OpaqueBlackPalette();

    public int PaletteSize { get; private set; }

    /// <summary>Raw sample values (at the file's bit depth) of the transparent colour, or null.</summary>
    public ushort[]? ColorKey { get; private set; }

    public void SetPalette(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0 || data.Length % 3 != 0 || data.Length > 256 * 3)
        {
            throw new InvalidDataException($"PNG PLTE chunk has {data.Length} bytes, expected a positive multiple of 3 up to 768.");
        }
        PaletteSize = data.Length / 3;
        for (int i = 0; i < PaletteSize; i++)
        {
            PaletteRgba[i * 4] = data[i * 3];
            PaletteRgba[i * 4 + 1] = data[i * 3 + 1];
            PaletteRgba[i * 4 + 2] = data[i * 3 + 2];
            PaletteRgba[i * 4 + 3] = 255;
        }
    }

    public void SetTransparency(PngHeader header, ReadOnlySpan<byte> data)
    {
        switch (header.ColorType)
        {
            case PngColorType.Palette:
                if (data.Length > PaletteSize)
                {
                    throw new InvalidDataException($"PNG tRNS chunk has {data.Length} entries but the palette only {PaletteSize}.");
                }
                for (int i = 0; i < data.Length; i++)
                {
                    PaletteRgba[i * 4 + 3] = data[i];
                }
                break;
            case PngColorType.Gray:
                RequireLength(data, 2);
                ColorKey = [BinaryPrimitives.ReadUInt16BigEndian(data)];
                break;
            case PngColorType.Rgb:
                RequireLength(data, 6);
                ColorKey = [BinaryPrimitives.ReadUInt16BigEndian(data), BinaryPrimitives.ReadUInt16BigEndian(data[2..]), BinaryPrimitives.ReadUInt16BigEndian(data[4..])];
                break;
            default:
                throw new InvalidDataException($"PNG tRNS chunk is not allowed for colour type {header.ColorType}, which has an alpha channel.");
        }
    }

    private static byte[] OpaqueBlackPalette()
    {
        var palette = new byte[256 * 4];
        for (int i = 3; i < palette.Length; i += 4)
        {
            palette[i] = 255;
        }
        return palette;
    }

    private static void RequireLength(ReadOnlySpan<byte> data, int expected)
    {
        if (data.Length != expected)
        {
            throw new InvalidDataException($"PNG tRNS chunk has {data.Length} bytes, expected {expected}.");
        }
    }
}
