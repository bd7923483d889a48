using System.Buffers.Binary;
using EpochCompare.Imaging.Processing;

namespace EpochCompare.Imaging.Formats.Jpeg;

/// <summary>Finds the Orientation tag (0x0112) in IFD0 of an APP1 "Exif" segment. Malformed EXIF reads as Normal.</summary>
internal static class ExifReader
{
    private const ushort OrientationTag = 0x0112;

    public static ImageOrientation ReadOrientation(ReadOnlySpan<byte> app1)
    {
        if (app1.Length < 14 || !app1[..6].SequenceEqual("Exif\0\0"u8))
        {
            return ImageOrientation.Normal;
        }
        ReadOnlySpan<byte> tiff = app1[6..];
        bool little = tiff[0] == 'I' && tiff[1] == 'I';
        bool big = tiff[0] == 'M' && tiff[1] == 'M';
        if (!little && !big || Read16(tiff[2..], little) != 42)
        {
            return ImageOrientation.Normal;
        }
        uint ifd = Read32(tiff[4..], little);
        if (ifd > (uint)tiff.Length - 2)
        {
            return ImageOrientation.Normal;
        }
        int entries = Read16(tiff[(int)ifd..], little);
        for (int i = 0; i < entries; i++)
        {
            int entry = (int)ifd + 2 + i * 12;
            if (entry + 12 > tiff.Length)
            {
                break;
            }
            if (Read16(tiff[entry..], little) == OrientationTag && Read16(tiff[(entry + 2)..], little) == 3)
            {
                int value = Read16(tiff[(entry + 8)..], little);
                return value is >= 1 and <= 8 ? (ImageOrientation)value : ImageOrientation.Normal;
            }
        }
        return ImageOrientation.Normal;
    }

    private static int Read16(ReadOnlySpan<byte> data, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(data) : BinaryPrimitives.ReadUInt16BigEndian(data);

    private static uint Read32(ReadOnlySpan<byte> data, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(data) : BinaryPrimitives.ReadUInt32BigEndian(data);
}
