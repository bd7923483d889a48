using EpochCompare.Imaging.Processing;
using SkiaSharp;

namespace EpochCompare.Imaging.Formats;

/// <summary>
/// Loads PNG, JPEG, WebP, GIF and BMP (the first frame) through Skia's codecs (libpng, libjpeg-turbo,
/// libwebp), chosen by signature, not extension; EXIF orientation is applied so images come out upright.
/// Every failure is one <see cref="InvalidDataException"/> line that starts with the file's name.
/// </summary>
public static class ImageFile
{
    /// <summary>
    /// Pixel-count limit checked from the header before any pixel memory is taken: 100 MP is 400 MB of RGBA,
    /// above any sample or grid (our grids stop at 80 MP) and far below what would exhaust a machine.
    /// </summary>
    public const long DefaultMaxPixels = 100_000_000;

    /// <summary>File extensions of the formats <see cref="Load"/> reads.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp"];

    /// <summary>
    /// The image files kohya's sd-scripts train on and read samples as (its IMAGE_EXTENSIONS, in any case):
    /// no GIF. Training sets and sample folders are matched against these.
    /// </summary>
    public static IReadOnlyList<string> KohyaExtensions { get; } = [".png", ".jpg", ".jpeg", ".webp", ".bmp"];

    public static RgbaImage Load(string path) => Load(path, DefaultMaxPixels);

    public static RgbaImage Load(string path, long maxPixels)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the file ({e.Message}).", e);
        }
        return Decode(bytes, path, maxPixels);
    }

    /// <summary>Decodes an encoded image held in memory; <paramref name="name"/> starts every error message.</summary>
    public static RgbaImage Decode(ReadOnlySpan<byte> encoded, string name, long maxPixels = DefaultMaxPixels)
    {
        if (encoded.IsEmpty)
        {
            throw new InvalidDataException($"{name}: the file is empty, not an image.");
        }
        using SKData data = SKData.CreateCopy(encoded);
        using var stream = new SKMemoryStream(data); // owned by the codec once one is made
        using SKCodec? codec = SKCodec.Create(stream, out SKCodecResult opened);
        if (codec is null)
        {
            throw new InvalidDataException($"{name}: {OpenFailure(encoded, opened)}");
        }
        string format = FormatName(codec.EncodedFormat);
        SKImageInfo header = codec.Info;
        if (header.Width <= 0 || header.Height <= 0)
        {
            throw new InvalidDataException($"{name}: the {format} header gives an empty size {header.Width}x{header.Height}.");
        }
        long pixels = (long)header.Width * header.Height;
        if (pixels > maxPixels)
        {
            throw new InvalidDataException(
                $"{name}: {format} of {header.Width}x{header.Height} ({pixels / 1e6:0.#} MP) is over the {maxPixels / 1e6:0.#} MP limit for one image.");
        }
        var image = new RgbaImage(header.Width, header.Height);
        // Straight (unpremultiplied) alpha as RgbaImage holds it; no colour space, so no colour conversion.
        var target = new SKImageInfo(header.Width, header.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        SKCodecResult decoded;
        unsafe
        {
            fixed (byte* destination = image.Pixels)
            {
                decoded = codec.GetPixels(target, (IntPtr)destination);
            }
        }
        if (decoded == SKCodecResult.Success && codec.EncodedFormat == SKEncodedImageFormat.Jpeg && !JpegEndsAfterLastScan(encoded))
        {
            // libjpeg shows a progressive JPEG cut between scans as a complete, blurrier image.
            decoded = SKCodecResult.IncompleteInput;
        }
        if (decoded != SKCodecResult.Success)
        {
            throw new InvalidDataException($"{name}: {DecodeFailure(format, decoded)}");
        }
        return Orientation.Apply(image, ToOrientation(codec.EncodedOrigin));
    }

    private static string OpenFailure(ReadOnlySpan<byte> encoded, SKCodecResult result)
    {
        if (SignatureName(encoded) is not { } format)
        {
            return "not an image in a format we read (PNG, JPEG, WebP, GIF, BMP).";
        }
        return result == SKCodecResult.IncompleteInput
            ? $"{format} file is truncated inside its header."
            : $"{format} header is corrupt.";
    }

    /// <summary>The format a file's first bytes announce, or null (only for wording the error).</summary>
    private static string? SignatureName(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith("\x89PNG"u8))
        {
            return "PNG";
        }
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8]))
        {
            return "JPEG";
        }
        if (b.StartsWith("RIFF"u8) && (b.Length < 12 || b.Slice(8, 4).SequenceEqual("WEBP"u8)))
        {
            return "WebP";
        }
        if (b.StartsWith("GIF8"u8))
        {
            return "GIF";
        }
        return b.StartsWith("BM"u8) ? "BMP" : null;
    }

    private static string FormatName(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Png => "PNG",
        SKEncodedImageFormat.Jpeg => "JPEG",
        SKEncodedImageFormat.Webp => "WebP",
        SKEncodedImageFormat.Gif => "GIF",
        SKEncodedImageFormat.Bmp => "BMP",
        _ => format.ToString().ToUpperInvariant(),
    };

    /// <summary>
    /// Whether an EOI marker follows the last start-of-scan: entropy-coded data never holds FF DA or FF D9
    /// (an FF there is always followed by 00 or a restart marker), so a file cut anywhere after its first
    /// scan has no EOI after its last SOS.
    /// </summary>
    private static bool JpegEndsAfterLastScan(ReadOnlySpan<byte> jpeg)
    {
        int lastScan = jpeg.LastIndexOf([(byte)0xFF, (byte)0xDA]);
        return lastScan >= 0 && jpeg[lastScan..].IndexOf([(byte)0xFF, (byte)0xD9]) >= 0;
    }

    private static string DecodeFailure(string format, SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => $"{format} image data is truncated (the file ends before the image does).",
        SKCodecResult.ErrorInInput => $"{format} image data is corrupt.",
        SKCodecResult.Unimplemented => $"this {format} variant is not supported by the decoder.",
        _ => $"{format} image could not be decoded ({result}).",
    };

    private static ImageOrientation ToOrientation(SKEncodedOrigin origin) => origin switch
    {
        SKEncodedOrigin.TopRight => ImageOrientation.FlipHorizontal,
        SKEncodedOrigin.BottomRight => ImageOrientation.Rotate180,
        SKEncodedOrigin.BottomLeft => ImageOrientation.FlipVertical,
        SKEncodedOrigin.LeftTop => ImageOrientation.Transpose,
        SKEncodedOrigin.RightTop => ImageOrientation.Rotate90Clockwise,
        SKEncodedOrigin.RightBottom => ImageOrientation.Transverse,
        SKEncodedOrigin.LeftBottom => ImageOrientation.Rotate270Clockwise,
        _ => ImageOrientation.Normal,
    };
}
