using EpochCompare.Imaging.Processing;

namespace EpochCompare.Imaging.Formats.Jpeg;

/// <summary>
/// Decodes baseline and progressive Huffman JPEGs (gray or YCbCr, any 1-2x sampling, restart markers)
/// to RGBA, applying EXIF orientation by default. Bad data raises <see cref="InvalidDataException"/>
/// with one line naming the problem; <see cref="Load"/> prefixes the file name.
/// </summary>
public static class JpegDecoder
{
    public static bool HasSignature(ReadOnlySpan<byte> data) => data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;

    public static JpegDecodedImage Load(string path, bool applyOrientation = true)
    {
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            return Decode(bytes, applyOrientation);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    public static JpegDecodedImage Decode(byte[] data, bool applyOrientation = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < 2 || data[0] != 0xFF || data[1] != JpegMarker.StartOfImage)
        {
            throw new InvalidDataException("Not a JPEG file (no SOI marker).");
        }
        var quantization = new ushort[4][];
        var dcTables = new JpegHuffmanTable?[4];
        var acTables = new JpegHuffmanTable?[4];
        JpegFrame? frame = null;
        int restartInterval = 0;
        int scans = 0;
        var orientation = ImageOrientation.Normal;
        int? adobeTransform = null;
        int position = 2;
        while (true)
        {
            position = NextMarker(data, position, out byte marker);
            if (marker == JpegMarker.EndOfImage || marker == 0 && scans > 0)
            {
                break; // a missing EOI after complete scans is tolerated
            }
            if (marker == 0)
            {
                throw new InvalidDataException("JPEG data is truncated: it ends before any image data.");
            }
            if (JpegMarker.IsRestart(marker) || marker == 0x01)
            {
                continue; // stray parameterless markers
            }
            ReadOnlySpan<byte> segment = Segment(data, position, marker);
            int next = position + 4 + segment.Length;
            switch (marker)
            {
                case JpegMarker.DefineQuantizationTable:
                    ReadQuantizationTables(segment, quantization);
                    break;
                case JpegMarker.DefineHuffmanTable:
                    ReadHuffmanTables(segment, dcTables, acTables);
                    break;
                case JpegMarker.DefineRestartInterval:
                    restartInterval = segment.Length >= 2 ? (segment[0] << 8) | segment[1] : throw new InvalidDataException("JPEG DRI segment is truncated.");
                    break;
                case JpegMarker.App1:
                    if (orientation == ImageOrientation.Normal)
                    {
                        orientation = ExifReader.ReadOrientation(segment);
                    }
                    break;
                case JpegMarker.App14:
                    if (segment.Length >= 12 && segment[..5].SequenceEqual("Adobe"u8))
                    {
                        adobeTransform = segment[11];
                    }
                    break;
                case JpegMarker.StartOfScan:
                    if (frame is null)
                    {
                        throw new InvalidDataException("JPEG scan (SOS) comes before the frame header (SOF).");
                    }
                    var scan = JpegScan.Parse(segment, frame, dcTables.Any(t => t is not null));
                    next = JpegScanDecoder.Decode(data, next, frame, scan, dcTables, acTables, restartInterval);
                    scans++;
                    break;
                default:
                    if (JpegMarker.IsStartOfFrame(marker))
                    {
                        if (frame is not null)
                        {
                            throw new InvalidDataException("JPEG has more than one frame header (SOF).");
                        }
                        frame = JpegFrame.Parse(marker, segment);
                    }
                    break;
            }
            position = next;
        }
        if (frame is null || scans == 0)
        {
            throw new InvalidDataException("JPEG has no frame header or no scan.");
        }
        RgbaImage image = Render(frame, quantization, IsYCbCr(frame, adobeTransform));
        bool apply = applyOrientation && orientation != ImageOrientation.Normal;
        return new JpegDecodedImage(apply ? Orientation.Apply(image, orientation) : image, orientation, apply);
    }

    /// <summary>Finds the next marker at or after <paramref name="position"/>; marker 0 means end of data.</summary>
    private static int NextMarker(byte[] data, int position, out byte marker)
    {
        // Skip anything that is not a marker (padding, garbage after a scan), as decoders conventionally do.
        while (position + 1 < data.Length)
        {
            if (data[position] == 0xFF && data[position + 1] != 0x00 && data[position + 1] != 0xFF)
            {
                marker = data[position + 1];
                return position;
            }
            position++;
        }
        marker = 0;
        return data.Length;
    }

    private static ReadOnlySpan<byte> Segment(byte[] data, int position, byte marker)
    {
        if (position + 4 > data.Length)
        {
            throw new InvalidDataException($"JPEG data is truncated inside the header of marker 0x{marker:X2}.");
        }
        int length = (data[position + 2] << 8) | data[position + 3];
        if (length < 2 || position + 2 + length > data.Length)
        {
            throw new InvalidDataException($"JPEG data is truncated inside segment 0x{marker:X2} (needs {length} bytes).");
        }
        return data.AsSpan(position + 4, length - 2);
    }

    private static void ReadQuantizationTables(ReadOnlySpan<byte> segment, ushort[][] tables)
    {
        while (segment.Length > 0)
        {
            int precision = segment[0] >> 4, id = segment[0] & 15;
            int size = precision == 0 ? 64 : 128;
            if (id > 3 || precision > 1 || segment.Length < 1 + size)
            {
                throw new InvalidDataException("JPEG quantization table (DQT) is malformed or truncated.");
            }
            var table = new ushort[64];
            for (int k = 0; k < 64; k++)
            {
                int value = precision == 0 ? segment[1 + k] : (segment[1 + 2 * k] << 8) | segment[2 + 2 * k];
                table[ZigZag.ToNatural[k]] = (ushort)value;
            }
            tables[id] = table;
            segment = segment[(1 + size)..];
        }
    }

    private static void ReadHuffmanTables(ReadOnlySpan<byte> segment, JpegHuffmanTable?[] dc, JpegHuffmanTable?[] ac)
    {
        while (segment.Length > 0)
        {
            if (segment.Length < 17)
            {
                throw new InvalidDataException("JPEG Huffman table (DHT) is truncated.");
            }
            int tableClass = segment[0] >> 4, id = segment[0] & 15;
            ReadOnlySpan<byte> counts = segment.Slice(1, 16);
            int total = 0;
            foreach (byte n in counts)
            {
                total += n;
            }
            if (tableClass > 1 || id > 3 || total > 256 || segment.Length < 17 + total)
            {
                throw new InvalidDataException("JPEG Huffman table (DHT) is malformed or truncated.");
            }
            var table = new JpegHuffmanTable(counts, segment.Slice(17, total));
            (tableClass == 0 ? dc : ac)[id] = table;
            segment = segment[(17 + total)..];
        }
    }

    private static bool IsYCbCr(JpegFrame frame, int? adobeTransform)
    {
        if (frame.Components.Length != 3)
        {
            return false;
        }
        if (adobeTransform is not null)
        {
            return adobeTransform != 0;
        }
        // No Adobe marker: component ids 'R','G','B' mean RGB; anything else is JFIF YCbCr.
        return !(frame.Components[0].Id == 'R' && frame.Components[1].Id == 'G' && frame.Components[2].Id == 'B');
    }

    private static RgbaImage Render(JpegFrame frame, ushort[][] quantization, bool isYCbCr)
    {
        var planes = new byte[frame.Components.Length][];
        for (int i = 0; i < planes.Length; i++)
        {
            JpegComponent c = frame.Components[i];
            ushort[] table = quantization[c.QuantizationTable]
                ?? throw new InvalidDataException($"JPEG component {c.Id} uses quantization table {c.QuantizationTable}, which was never defined.");
            int stride = c.BlocksPerLine * 8;
            var plane = new byte[stride * c.BlocksPerColumn * 8];
            for (int row = 0; row < c.BlocksPerColumn; row++)
            {
                for (int column = 0; column < c.BlocksPerLine; column++)
                {
                    JpegIdct.Transform(c.Block(row, column), table, plane.AsSpan(row * 8 * stride + column * 8), stride);
                }
            }
            planes[i] = JpegUpsampler.Upsample(plane, stride, c.Width, c.Height, frame.MaxH / c.H, frame.MaxV / c.V, frame.Width, frame.Height);
        }
        var image = new RgbaImage(frame.Width, frame.Height);
        JpegColorConverter.ToRgba(planes, isYCbCr, image);
        return image;
    }
}
