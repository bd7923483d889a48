using EpochCompare.Imaging.Formats.Exif;
using EpochCompare.Imaging.Formats.Jpeg;
using EpochCompare.Imaging.Formats.Png;
using EpochCompare.Imaging.Formats.Webp;

namespace EpochCompare.Imaging.Formats;

/// <summary>
/// Reads the A1111-style generation <c>parameters</c> text of an image: the PNG text chunk, or the EXIF
/// UserComment of a JPEG or WebP. Null when the file holds none (or its metadata cannot be read).
/// </summary>
public static class ImageParameters
{
    public static string? Read(string path) => Read(File.ReadAllBytes(path));

    public static string? Read(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (PngSignature.Matches(file))
        {
            try
            {
                return PngTextReader.Read(file).FirstOrDefault(t => t.Keyword == ImageEncoder.ParametersKeyword)?.Text;
            }
            catch (InvalidDataException)
            {
                return null;
            }
        }
        ReadOnlySpan<byte> exif = JpegExifSegment.Find(file);
        if (exif.IsEmpty)
        {
            exif = WebpExifChunk.Find(file);
        }
        return exif.IsEmpty ? null : ExifUserComment.Read(exif);
    }
}
