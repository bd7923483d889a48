using EpochCompare.Imaging.Formats.Exif;
using EpochCompare.Imaging.Formats.Jpeg;
using EpochCompare.Imaging.Formats.Png;
using EpochCompare.Imaging.Formats.Webp;
using SkiaSharp;

namespace EpochCompare.Imaging.Formats;

/// <summary>
/// Writes PNG, JPEG or WebP through Skia's encoders with the metadata users look for: in PNG every text
/// chunk given, in JPEG and WebP the <c>parameters</c> text as EXIF UserComment (as A1111 and Forge do).
/// </summary>
public static class ImageEncoder
{
    public const string ParametersKeyword = "parameters";

    public static byte[] Encode(RgbaImage image, ImageEncoding encoding, IReadOnlyList<PngText>? texts = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(encoding);
        texts ??= [];
        if (encoding.Format == ImageFormat.Png)
        {
            return PngEncoder.Encode(image, new PngEncoderOptions { Texts = texts });
        }
        string? parameters = texts.FirstOrDefault(t => t.Keyword == ParametersKeyword)?.Text;
        bool opaque = SkiaPixels.IsOpaque(image);
        if (encoding.Format == ImageFormat.Jpeg)
        {
            // JPEG has no alpha: transparent pixels are shown over white, as browsers show a PNG.
            RgbaImage flat = opaque ? image : OverWhite(image);
            var options = new SKJpegEncoderOptions(encoding.Quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore);
            byte[] jpeg = SkiaPixels.Bytes(SkiaPixels.With(flat, pixmap => pixmap.Encode(options)), "JPEG");
            return parameters is null ? jpeg : JpegExifSegment.Insert(jpeg, ExifUserComment.Build(parameters));
        }
        var webpOptions = encoding.Quality == 100
            ? new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 75)
            : new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, encoding.Quality);
        byte[] webp = SkiaPixels.Bytes(SkiaPixels.With(image, pixmap => pixmap.Encode(webpOptions)), "WebP");
        return parameters is null ? webp : WebpExifChunk.Insert(webp, ExifUserComment.Build(parameters), image.Width, image.Height, !opaque);
    }

    /// <summary>Encodes to <paramref name="path"/> through a temporary file and a rename.</summary>
    public static void Save(RgbaImage image, string path, ImageEncoding encoding, IReadOnlyList<PngText>? texts = null)
    {
        byte[] bytes = Encode(image, encoding, texts);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    private static RgbaImage OverWhite(RgbaImage image)
    {
        var flat = image.Clone();
        byte[] p = flat.Pixels;
        for (int i = 0; i < p.Length; i += 4)
        {
            int a = p[i + 3];
            for (int c = 0; c < 3; c++)
            {
                p[i + c] = (byte)((p[i + c] * a + 255 * (255 - a) + 127) / 255);
            }
            p[i + 3] = 255;
        }
        return flat;
    }
}
