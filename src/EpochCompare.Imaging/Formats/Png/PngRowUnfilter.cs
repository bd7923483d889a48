using System.Numerics;

namespace EpochCompare.Imaging.Formats.Png;

/// <summary>Decoder side of PNG filtering: reconstructs a row in place from its filtered bytes.</summary>
internal static class PngRowUnfilter
{
    /// <param name="row">Filtered bytes on entry, raw bytes on return.</param>
    /// <param name="previous">The previous reconstructed row of the same pass, or zeros.</param>
    public static void Apply(byte filter, Span<byte> row, ReadOnlySpan<byte> previous, int bpp)
    {
        int n = row.Length;
        switch ((PngFilterType)filter)
        {
            case PngFilterType.None:
                break;
            case PngFilterType.Sub:
                for (int i = bpp; i < n; i++)
                {
                    row[i] += row[i - bpp];
                }
                break;
            case PngFilterType.Up:
                AddUp(row, previous);
                break;
            case PngFilterType.Average:
                for (int i = 0; i < bpp && i < n; i++)
                {
                    row[i] += (byte)(previous[i] >> 1);
                }
                for (int i = bpp; i < n; i++)
                {
                    row[i] += (byte)((row[i - bpp] + previous[i]) >> 1);
                }
                break;
            case PngFilterType.Paeth:
                for (int i = 0; i < bpp && i < n; i++)
                {
                    row[i] += previous[i];
                }
                for (int i = bpp; i < n; i++)
                {
                    row[i] += PngRowFilter.PaethPredictor(row[i - bpp], previous[i], previous[i - bpp]);
                }
                break;
            default:
                throw new InvalidDataException($"PNG row uses unknown filter type {filter} (corrupt image data).");
        }
    }

    private static void AddUp(Span<byte> row, ReadOnlySpan<byte> previous)
    {
        int i = 0;
        int w = Vector<byte>.Count;
        for (; i + w <= row.Length; i += w)
        {
            (new Vector<byte>(row[i..]) + new Vector<byte>(previous[i..])).CopyTo(row[i..]);
        }
        for (; i < row.Length; i++)
        {
            row[i] += previous[i];
        }
    }
}
