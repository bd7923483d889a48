using System.Buffers.Binary;
using SkiaSharp;

namespace EpochCompare.Imaging.Formats.Png;

/// <summary>
/// Writes 8-bit RGB (when every pixel is opaque) or RGBA PNGs: Skia's encoder makes the image data, then
/// our chunk writer puts the tEXt/iTXt chunks (Skia writes none) right after IHDR, where A1111 and
/// Pillow put them. Same image and options give the same bytes.
/// </summary>
public static class PngEncoder
{
    public static byte[] Encode(RgbaImage image, PngEncoderOptions? options = null)
    {
        options ??= PngEncoderOptions.Default;
        // The Sub filter on every row: on sample grids (smooth pictures, flat bands) it came out both smaller
        // (12.2 vs 13.9 MB) and about 2x faster than libpng's adaptive choice among all filters (same run, 12 MP grid).
        var skiaOptions = new SKPngEncoderOptions(SKPngEncoderFilterFlags.Sub, options.ZLibLevel);
        byte[] png = SkiaPixels.Bytes(SkiaPixels.With(image, pixmap => pixmap.Encode(skiaOptions)), "PNG");
        return options.Texts.Count == 0 ? png : InsertTexts(png, options.Texts);
    }

    public static void Encode(RgbaImage image, Stream output, PngEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Encode(image, options));
    }

    /// <summary>Encodes to <paramref name="path"/> through a temporary file and a rename.</summary>
    public static void Save(RgbaImage image, string path, PngEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        byte[] png = Encode(image, options);
        AtomicFile.Write(path, stream => stream.Write(png));
    }

    /// <summary>The PNG with text chunks inserted after its IHDR chunk (which a PNG encoder always writes first).</summary>
    internal static byte[] InsertTexts(ReadOnlySpan<byte> png, IReadOnlyList<PngText> texts)
    {
        const int headerEnd = 8 + 4 + 4 + 13 + 4; // signature, IHDR length, type, 13 data bytes, CRC
        if (!PngSignature.Matches(png) || png.Length < headerEnd || !png.Slice(12, 4).SequenceEqual("IHDR"u8)
            || BinaryPrimitives.ReadUInt32BigEndian(png[8..]) != 13)
        {
            throw new InvalidOperationException("The PNG encoder's output does not start with an IHDR chunk.");
        }
        var output = new MemoryStream(png.Length + 256);
        output.Write(png[..headerEnd]);
        foreach (PngText text in texts)
        {
            string type = text.International ? PngChunkType.InternationalText : PngChunkType.Text;
            PngChunkWriter.Write(output, type, PngTextEncoding.EncodeBody(text));
        }
        output.Write(png[headerEnd..]);
        return output.ToArray();
    }
}
