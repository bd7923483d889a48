namespace EpochCompare.Imaging.Formats.Jpeg;

/// <summary>The SOS header: which components a scan codes, and its spectral band and bit position.</summary>
internal sealed record JpegScan(JpegComponent[] Components, int SpectralStart, int SpectralEnd, int SuccessiveHigh, int SuccessiveLow)
{
    public static JpegScan Parse(ReadOnlySpan<byte> segment, JpegFrame frame, bool haveHuffman)
    {
        if (segment.Length < 1 || segment.Length < 1 + segment[0] * 2 + 3)
        {
            throw new InvalidDataException("JPEG scan header (SOS) is truncated.");
        }
        int count = segment[0];
        if (count is < 1 or > 4)
        {
            throw new InvalidDataException($"JPEG scan has {count} components.");
        }
        var components = new JpegComponent[count];
        for (int i = 0; i < count; i++)
        {
            byte id = segment[1 + i * 2];
            byte tables = segment[2 + i * 2];
            JpegComponent component = frame.Components.FirstOrDefault(c => c.Id == id)
                ?? throw new InvalidDataException($"JPEG scan refers to component {id}, which the frame does not define.");
            component.DcTable = tables >> 4;
            component.AcTable = tables & 15;
            if (component.DcTable > 3 || component.AcTable > 3)
            {
                throw new InvalidDataException($"JPEG scan selects Huffman table {tables:X2} out of range.");
            }
            components[i] = component;
        }
        int p = 1 + count * 2;
        var scan = new JpegScan(components, segment[p], segment[p + 1], segment[p + 2] >> 4, segment[p + 2] & 15);
        if (!haveHuffman)
        {
            throw new InvalidDataException("JPEG scan starts before any Huffman table (DHT) was defined.");
        }
        if (scan.SpectralStart > 63 || scan.SpectralEnd > 63 || scan.SpectralStart > scan.SpectralEnd || scan.SuccessiveLow > 13)
        {
            throw new InvalidDataException($"JPEG scan has invalid spectral selection {scan.SpectralStart}..{scan.SpectralEnd}.");
        }
        if (frame.Progressive && scan.SpectralStart > 0 && count != 1)
        {
            throw new InvalidDataException("JPEG progressive AC scan codes more than one component.");
        }
        return scan;
    }
}
