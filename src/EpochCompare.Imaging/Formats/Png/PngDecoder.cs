using System.IO.Compression;

namespace EpochCompare.Imaging.Formats.Png;

/// <summary>
/// Decodes every standard PNG (all colour types and bit depths, tRNS, Adam7) to 8-bit RGBA.
/// Corrupt or truncated input raises <see cref="InvalidDataException"/> with one line naming the problem;
/// <see cref="Load"/> prefixes the file name.
/// </summary>
public static class PngDecoder
{
    public static PngDecodedImage Load(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            return Decode(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    public static PngDecodedImage Decode(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Decode(buffer.ToArray());
    }

    public static PngDecodedImage Decode(ReadOnlyMemory<byte> file)
    {
        PngHeader? header = null;
        var transparency = new PngTransparency();
        var texts = new List<PngText>();
        var imageData = new MemoryStream();
        foreach (PngChunk chunk in PngChunkReader.Read(file))
        {
            ReadOnlySpan<byte> data = chunk.Data.Span;
            if (header is null)
            {
                if (chunk.Type != PngChunkType.Header)
                {
                    throw new InvalidDataException($"PNG starts with chunk {chunk.Type} instead of IHDR.");
                }
                header = PngHeader.Parse(data);
                continue;
            }
            switch (chunk.Type)
            {
                case PngChunkType.Palette:
                    transparency.SetPalette(data);
                    break;
                case PngChunkType.Transparency:
                    transparency.SetTransparency(header, data);
                    break;
                case PngChunkType.Data:
                    imageData.Write(data);
                    break;
                case PngChunkType.Text or PngChunkType.CompressedText or PngChunkType.InternationalText:
                    texts.Add(PngTextDecoding.Decode(chunk.Type, data));
                    break;
                case PngChunkType.End:
                    break;
                default:
                    if (chunk.IsCritical)
                    {
                        throw new InvalidDataException($"PNG contains unknown critical chunk {chunk.Type}.");
                    }
                    break;
            }
        }
        if (header is null)
        {
            throw new InvalidDataException("PNG has no IHDR chunk.");
        }
        if (imageData.Length == 0)
        {
            throw new InvalidDataException("PNG has no IDAT (image data) chunk.");
        }
        if (header.ColorType == PngColorType.Palette && transparency.PaletteSize == 0)
        {
            throw new InvalidDataException("PNG palette image has no PLTE chunk.");
        }
        var image = CreateImage(header);
        byte[] raw = Inflate(imageData, ExpectedRawLength(header));
        Reconstruct(header, transparency, raw, image);
        return new PngDecodedImage(image, header, texts);
    }

    private static RgbaImage CreateImage(PngHeader header)
    {
        try
        {
            return new RgbaImage(header.Width, header.Height);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"PNG image {header.Width}x{header.Height} is too large to decode.");
        }
    }

    private static long ExpectedRawLength(PngHeader header)
    {
        long total = 0;
        foreach (Adam7.Pass pass in header.Interlaced ? Adam7.Passes : Adam7.Single)
        {
            int width = pass.Width(header.Width);
            int height = pass.Height(header.Height);
            if (width > 0 && height > 0)
            {
                total += (long)height * (1 + header.RowBytes(width));
            }
        }
        return total;
    }

    private static byte[] Inflate(MemoryStream compressed, long expected)
    {
        if (expected > Array.MaxLength)
        {
            throw new InvalidDataException("PNG image data is too large to decode.");
        }
        var raw = new byte[expected];
        compressed.Position = 0;
        int read;
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            read = zlib.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"PNG image data (IDAT) is not a valid zlib stream: {e.Message}", e);
        }
        if (read < raw.Length)
        {
            throw new InvalidDataException($"PNG image data is truncated: inflated {read} of {raw.Length} bytes.");
        }
        return raw;
    }

    private static void Reconstruct(PngHeader header, PngTransparency transparency, byte[] raw, RgbaImage image)
    {
        var expander = new PngScanlineExpander(header, transparency);
        int bpp = header.FilterStride;
        int offset = 0;
        var rgbaRow = new byte[header.Width * 4];
        foreach (Adam7.Pass pass in header.Interlaced ? Adam7.Passes : Adam7.Single)
        {
            int width = pass.Width(header.Width);
            int height = pass.Height(header.Height);
            if (width == 0 || height == 0)
            {
                continue;
            }
            int rowBytes = header.RowBytes(width);
            var previous = new byte[rowBytes];
            for (int row = 0; row < height; row++)
            {
                byte filter = raw[offset];
                Span<byte> current = raw.AsSpan(offset + 1, rowBytes);
                PngRowUnfilter.Apply(filter, current, previous, bpp);
                current.CopyTo(previous);
                offset += rowBytes + 1;
                int y = pass.YStart + row * pass.YStep;
                if (pass.XStep == 1)
                {
                    expander.Expand(current, width, image.Row(y));
                    continue;
                }
                expander.Expand(current, width, rgbaRow);
                Span<byte> target = image.Row(y);
                for (int i = 0; i < width; i++)
                {
                    rgbaRow.AsSpan(i * 4, 4).CopyTo(target[((pass.XStart + i * pass.XStep) * 4)..]);
                }
            }
        }
    }
}
