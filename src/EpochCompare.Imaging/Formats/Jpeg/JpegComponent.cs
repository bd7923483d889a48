namespace EpochCompare.Imaging.Formats.Jpeg;

/// <summary>
/// One colour component of a frame: its sampling factors, tables, and the quantised DCT
/// coefficients of every block (natural order), kept until all scans have been read.
/// </summary>
internal sealed class JpegComponent(byte id, int horizontalFactor, int verticalFactor, int quantizationTable)
{
    public byte Id { get; } = id;
    public int H { get; } = horizontalFactor;
    public int V { get; } = verticalFactor;
    public int QuantizationTable { get; } = quantizationTable;

    /// <summary>Samples actually covered by the image: ceil(imageWidth * H / Hmax).</summary>
    public int Width { get; private set; }
    public int Height { get; private set; }

    /// <summary>Blocks in the allocated (MCU-padded) grid.</summary>
    public int BlocksPerLine { get; private set; }
    public int BlocksPerColumn { get; private set; }

    /// <summary>Blocks a non-interleaved scan visits: only those that touch the image.</summary>
    public int ScanBlocksPerLine => (Width + 7) / 8;
    public int ScanBlocksPerColumn => (Height + 7) / 8;

    public short[] Coefficients { get; private set; } = [];

    public int DcTable { get; set; }
    public int AcTable { get; set; }
    public int DcPredictor { get; set; }

    public void Allocate(int imageWidth, int imageHeight, int maxH, int maxV, int mcusPerLine, int mcusPerColumn)
    {
        Width = (int)(((long)imageWidth * H + maxH - 1) / maxH);
        Height = (int)(((long)imageHeight * V + maxV - 1) / maxV);
        BlocksPerLine = mcusPerLine * H;
        BlocksPerColumn = mcusPerColumn * V;
        long count = (long)BlocksPerLine * BlocksPerColumn * 64;
        if (count > Array.MaxLength)
        {
            throw new InvalidDataException($"JPEG image {imageWidth}x{imageHeight} is too large to decode.");
        }
        Coefficients = new short[count];
    }

    public Span<short> Block(int blockRow, int blockColumn) =>
        Coefficients.AsSpan((blockRow * BlocksPerLine + blockColumn) * 64, 64);
}
