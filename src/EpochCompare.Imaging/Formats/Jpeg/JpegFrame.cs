namespace EpochCompare.Imaging.Formats.Jpeg;

/// <summary>The SOF segment: image size, coding process and components.</summary>
internal sealed class JpegFrame
{
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required bool Progressive { get; init; }
    public required JpegComponent[] Components { get; init; }

    public int MaxH { get; private set; }
    public int MaxV { get; private set; }
    public int McusPerLine { get; private set; }
    public int McusPerColumn { get; private set; }

    public static JpegFrame Parse(byte marker, ReadOnlySpan<byte> segment)
    {
        if (marker is not (JpegMarker.StartOfFrameBaseline or JpegMarker.StartOfFrameExtended or JpegMarker.StartOfFrameProgressive))
        {
            string kind = marker switch
            {
                0xC3 or 0xC7 or 0xCB or 0xCF => "lossless",
                >= 0xC9 => "arithmetic-coded",
                _ => "hierarchical",
            };
            throw new InvalidDataException($"JPEG uses {kind} coding (SOF marker 0x{marker:X2}), which is not supported.");
        }
        if (segment.Length < 6)
        {
            throw new InvalidDataException("JPEG frame header (SOF) is truncated.");
        }
        int precision = segment[0];
        if (precision != 8)
        {
            throw new InvalidDataException($"JPEG has {precision}-bit samples; only 8-bit JPEG is supported.");
        }
        int height = (segment[1] << 8) | segment[2];
        int width = (segment[3] << 8) | segment[4];
        int count = segment[5];
        if (width == 0 || height == 0)
        {
            throw new InvalidDataException($"JPEG has invalid size {width}x{height} (DNL-defined heights are not supported).");
        }
        if (count is not (1 or 3) || segment.Length < 6 + count * 3)
        {
            throw new InvalidDataException(count == 4
                ? "JPEG has 4 components (CMYK/YCCK), which is not supported."
                : $"JPEG frame header has {count} components; expected 1 or 3.");
        }
        var components = new JpegComponent[count];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> c = segment.Slice(6 + i * 3, 3);
            int h = c[1] >> 4, v = c[1] & 15;
            if (h is < 1 or > 4 || v is < 1 or > 4 || c[2] > 3)
            {
                throw new InvalidDataException($"JPEG component {c[0]} has invalid sampling {h}x{v} or table {c[2]}.");
            }
            components[i] = new JpegComponent(c[0], h, v, c[2]);
        }
        var frame = new JpegFrame { Width = width, Height = height, Progressive = marker == JpegMarker.StartOfFrameProgressive, Components = components };
        frame.Allocate();
        return frame;
    }

    private void Allocate()
    {
        MaxH = Components.Max(c => c.H);
        MaxV = Components.Max(c => c.V);
        foreach (JpegComponent c in Components)
        {
            if (MaxH % c.H != 0 || MaxV % c.V != 0)
            {
                throw new InvalidDataException($"JPEG sampling factors {c.H}x{c.V} do not divide the maximum {MaxH}x{MaxV}.");
            }
        }
        McusPerLine = (Width + 8 * MaxH - 1) / (8 * MaxH);
        McusPerColumn = (Height + 8 * MaxV - 1) / (8 * MaxV);
        foreach (JpegComponent c in Components)
        {
            c.Allocate(Width, Height, MaxH, MaxV, McusPerLine, McusPerColumn);
        }
    }
}
