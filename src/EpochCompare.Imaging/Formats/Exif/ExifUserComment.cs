using System.Buffers.Binary;
using System.Text;

namespace EpochCompare.Imaging.Formats.Exif;

/// <summary>
/// The EXIF block A1111 and Forge write into JPEG and WebP files (piexif's dump of one Exif-IFD tag):
/// a big-endian TIFF header, IFD0 holding only the Exif IFD pointer (0x8769), and the Exif IFD holding
/// only UserComment (0x9286, UNDEFINED) = "UNICODE\0" + the text in UTF-16 big-endian.
/// </summary>
public static class ExifUserComment
{
    private const ushort ExifIfdPointerTag = 0x8769;
    private const ushort UserCommentTag = 0x9286;
    private const ushort LongType = 4;
    private const ushort UndefinedType = 7;

    private static ReadOnlySpan<byte> UnicodePrefix => "UNICODE\0"u8;
    private static ReadOnlySpan<byte> AsciiPrefix => "ASCII\0\0\0"u8;

    /// <summary>The TIFF-structured EXIF data (no "Exif\0\0" prefix) holding <paramref name="text"/> as UserComment.</summary>
    public static byte[] Build(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] utf16 = Encoding.BigEndianUnicode.GetBytes(text);
        const int ifd0 = 8, exifIfd = ifd0 + 2 + 12 + 4, data = exifIfd + 2 + 12 + 4;
        int commentLength = UnicodePrefix.Length + utf16.Length;
        var tiff = new byte[data + commentLength];
        Span<byte> t = tiff;
        "MM"u8.CopyTo(t);
        BinaryPrimitives.WriteUInt16BigEndian(t[2..], 42);
        BinaryPrimitives.WriteUInt32BigEndian(t[4..], ifd0);
        WriteSingleEntryIfd(t[ifd0..], ExifIfdPointerTag, LongType, 1, exifIfd);
        WriteSingleEntryIfd(t[exifIfd..], UserCommentTag, UndefinedType, (uint)commentLength, data);
        UnicodePrefix.CopyTo(t[data..]);
        utf16.CopyTo(t[(data + UnicodePrefix.Length)..]);
        return tiff;
    }

    /// <summary>
    /// The UserComment text of TIFF-structured EXIF data (an optional "Exif\0\0" prefix is skipped), or null
    /// when there is none. Malformed offsets read as "none": metadata never stops an image from loading.
    /// </summary>
    public static string? Read(ReadOnlySpan<byte> exif)
    {
        if (exif.StartsWith("Exif\0\0"u8))
        {
            exif = exif[6..];
        }
        if (exif.Length < 8)
        {
            return null;
        }
        bool little = exif.StartsWith("II"u8);
        if (!little && !exif.StartsWith("MM"u8) || U16(exif[2..], little) != 42)
        {
            return null;
        }
        if (FindEntry(exif, U32(exif[4..], little), ExifIfdPointerTag, little) is not { } pointer)
        {
            return null;
        }
        if (FindEntry(exif, U32(exif[(pointer + 8)..], little), UserCommentTag, little) is not { } entry)
        {
            return null;
        }
        uint count = U32(exif[(entry + 4)..], little);
        uint offset = count <= 4 ? (uint)entry + 8 : U32(exif[(entry + 8)..], little);
        if (count < 8 || offset > exif.Length || count > exif.Length - offset)
        {
            return null;
        }
        ReadOnlySpan<byte> comment = exif.Slice((int)offset, (int)count);
        ReadOnlySpan<byte> body = comment[8..];
        if (comment.StartsWith(UnicodePrefix))
        {
            return (little ? Encoding.Unicode : Encoding.BigEndianUnicode).GetString(body).TrimEnd('\0');
        }
        return (comment.StartsWith(AsciiPrefix) ? Encoding.ASCII : Encoding.UTF8).GetString(body).TrimEnd('\0');
    }

    private static void WriteSingleEntryIfd(Span<byte> ifd, ushort tag, ushort type, uint count, int valueOffset)
    {
        BinaryPrimitives.WriteUInt16BigEndian(ifd, 1);
        BinaryPrimitives.WriteUInt16BigEndian(ifd[2..], tag);
        BinaryPrimitives.WriteUInt16BigEndian(ifd[4..], type);
        BinaryPrimitives.WriteUInt32BigEndian(ifd[6..], count);
        BinaryPrimitives.WriteUInt32BigEndian(ifd[10..], (uint)valueOffset);
        BinaryPrimitives.WriteUInt32BigEndian(ifd[14..], 0); // no next IFD
    }

    /// <summary>Offset of the 12-byte entry for <paramref name="tag"/> in the IFD at <paramref name="ifd"/>, or null.</summary>
    private static int? FindEntry(ReadOnlySpan<byte> tiff, uint ifd, ushort tag, bool little)
    {
        if (ifd > tiff.Length - 2)
        {
            return null;
        }
        int entries = U16(tiff[(int)ifd..], little);
        for (int i = 0; i < entries; i++)
        {
            long entry = ifd + 2 + 12L * i;
            if (entry + 12 > tiff.Length)
            {
                return null;
            }
            if (U16(tiff[(int)entry..], little) == tag)
            {
                return (int)entry;
            }
        }
        return null;
    }

    private static ushort U16(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);

    private static uint U32(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
}
