using System.Buffers.Binary;

namespace EpochCompare.Imaging.Formats.Jpeg;

/// <summary>Puts an APP1 "Exif" segment into an encoded JPEG and finds it again.</summary>
public static class JpegExifSegment
{
    private const int MaxSegmentData = ushort.MaxValue - 2;

    /// <summary>
    /// The JPEG with an APP1 segment holding <paramref name="tiff"/> after SOI and, when present, the
    /// JFIF APP0 segment (where piexif.insert puts it).
    /// </summary>
    public static byte[] Insert(ReadOnlySpan<byte> jpeg, ReadOnlySpan<byte> tiff)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            throw new InvalidOperationException("The JPEG encoder's output does not start with SOI.");
        }
        if (tiff.Length + 6 > MaxSegmentData)
        {
            throw new ArgumentException($"EXIF data of {tiff.Length} bytes does not fit one JPEG APP1 segment (64 KiB); save as PNG for text this long.");
        }
        int at = 2;
        if (jpeg[2] == 0xFF && jpeg[3] == 0xE0 && jpeg.Length >= 6)
        {
            at = 4 + BinaryPrimitives.ReadUInt16BigEndian(jpeg[4..]);
        }
        var output = new byte[jpeg.Length + 4 + 6 + tiff.Length];
        Span<byte> o = output;
        jpeg[..at].CopyTo(o);
        o[at] = 0xFF;
        o[at + 1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(o[(at + 2)..], (ushort)(2 + 6 + tiff.Length));
        "Exif\0\0"u8.CopyTo(o[(at + 4)..]);
        tiff.CopyTo(o[(at + 10)..]);
        jpeg[at..].CopyTo(o[(at + 10 + tiff.Length)..]);
        return output;
    }

    /// <summary>The first APP1 "Exif" payload before the image data (with its "Exif\0\0" prefix), or empty.</summary>
    public static ReadOnlySpan<byte> Find(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return [];
        }
        int position = 2;
        while (position + 4 <= jpeg.Length && jpeg[position] == 0xFF)
        {
            byte marker = jpeg[position + 1];
            if (marker is 0xDA or 0xD9)
            {
                break; // start of scan / end of image: no metadata beyond
            }
            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(position + 2)..]);
            if (length < 2 || position + 2 + length > jpeg.Length)
            {
                break;
            }
            ReadOnlySpan<byte> data = jpeg.Slice(position + 4, length - 2);
            if (marker == 0xE1 && data.StartsWith("Exif\0\0"u8))
            {
                return data;
            }
            position += 2 + length;
        }
        return [];
    }
}
