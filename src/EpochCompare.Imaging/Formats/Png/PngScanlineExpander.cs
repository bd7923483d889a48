namespace EpochCompare.Imaging.Formats.Png;

/// <summary>
/// Turns one reconstructed scanline of any colour type and bit depth into 8-bit RGBA.
/// 16-bit samples keep their high byte; 1/2/4-bit gray is scaled to 0..255 exactly.
/// </summary>
internal sealed class PngScanlineExpander(PngHeader header, PngTransparency transparency)
{
    private readonly int _depth = header.BitDepth;
    private readonly int _maxSample = (1 << header.BitDepth) - 1;

    public void Expand(ReadOnlySpan<byte> raw, int width, Span<byte> rgba)
    {
        switch (header.ColorType)
        {
            case PngColorType.Gray:
                ExpandGray(raw, width, rgba);
                break;
            case PngColorType.Palette:
                ExpandPalette(raw, width, rgba);
                break;
            case PngColorType.GrayAlpha:
                for (int x = 0; x < width; x++)
                {
                    byte gray = Sample8(raw, x * 2);
                    rgba[x * 4] = rgba[x * 4 + 1] = rgba[x * 4 + 2] = gray;
                    rgba[x * 4 + 3] = Sample8(raw, x * 2 + 1);
                }
                break;
            case PngColorType.Rgb:
                ExpandRgb(raw, width, rgba);
                break;
            case PngColorType.Rgba:
                if (_depth == 8)
                {
                    raw[..(width * 4)].CopyTo(rgba);
                    break;
                }
                for (int i = 0; i < width * 4; i++)
                {
                    rgba[i] = raw[i * 2];
                }
                break;
        }
    }

    private void ExpandGray(ReadOnlySpan<byte> raw, int width, Span<byte> rgba)
    {
        ushort[]? key = transparency.ColorKey;
        for (int x = 0; x < width; x++)
        {
            int sample = RawSample(raw, x);
            byte gray = _depth == 16 ? (byte)(sample >> 8) : (byte)(sample * 255 / _maxSample);
            rgba[x * 4] = rgba[x * 4 + 1] = rgba[x * 4 + 2] = gray;
            rgba[x * 4 + 3] = key is not null && key[0] == sample ? (byte)0 : (byte)255;
        }
    }

    private void ExpandPalette(ReadOnlySpan<byte> raw, int width, Span<byte> rgba)
    {
        byte[] palette = transparency.PaletteRgba;
        for (int x = 0; x < width; x++)
        {
            // Indices past the palette read opaque black, as libpng does, rather than failing a whole dataset.
            int index = RawSample(raw, x);
            palette.AsSpan(index * 4, 4).CopyTo(rgba[(x * 4)..]);
        }
    }

    private void ExpandRgb(ReadOnlySpan<byte> raw, int width, Span<byte> rgba)
    {
        ushort[]? key = transparency.ColorKey;
        for (int x = 0; x < width; x++)
        {
            int r = RawSample(raw, x * 3), g = RawSample(raw, x * 3 + 1), b = RawSample(raw, x * 3 + 2);
            bool transparent = key is not null && key[0] == r && key[1] == g && key[2] == b;
            int shift = _depth == 16 ? 8 : 0;
            rgba[x * 4] = (byte)(r >> shift);
            rgba[x * 4 + 1] = (byte)(g >> shift);
            rgba[x * 4 + 2] = (byte)(b >> shift);
            rgba[x * 4 + 3] = transparent ? (byte)0 : (byte)255;
        }
    }

    /// <summary>Sample number <paramref name="index"/> in the row, at the file's bit depth.</summary>
    private int RawSample(ReadOnlySpan<byte> raw, int index)
    {
        switch (_depth)
        {
            case 8:
                return raw[index];
            case 16:
                return (raw[index * 2] << 8) | raw[index * 2 + 1];
            default:
                int bit = index * _depth;
                int shift = 8 - _depth - (bit & 7);
                return (raw[bit >> 3] >> shift) & _maxSample;
        }
    }

    /// <summary>An 8- or 16-bit sample reduced to 8 bits.</summary>
    private byte Sample8(ReadOnlySpan<byte> raw, int index) => _depth == 16 ? raw[index * 2] : raw[index];
}
