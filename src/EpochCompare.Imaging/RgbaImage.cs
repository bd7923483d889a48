namespace EpochCompare.Imaging;

/// <summary>
/// An 8-bit RGBA image: row-major, 4 bytes per pixel (R, G, B, A), straight alpha.
/// The one pixel container shared by codecs, processing, drawing, grids and metrics.
/// </summary>
public sealed class RgbaImage
{
    public const int BytesPerPixel = 4;

    public int Width { get; }
    public int Height { get; }

    /// <summary>Width * Height * 4 bytes, rows top to bottom.</summary>
    public byte[] Pixels { get; }

    public RgbaImage(int width, int height)
        : this(width, height, new byte[CheckedLength(width, height)])
    {
    }

    public RgbaImage(int width, int height, byte[] pixels)
    {
        long expected = CheckedLength(width, height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != expected)
        {
            throw new ArgumentException($"RgbaImage {width}x{height} needs {expected} bytes, got {pixels.Length}.", nameof(pixels));
        }
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>An opaque image from interleaved 8-bit RGB (3 bytes per pixel), as a sampler's pixels are saved.</summary>
    public static RgbaImage FromRgb(ReadOnlySpan<byte> rgb, int width, int height)
    {
        var image = new RgbaImage(width, height);
        if (rgb.Length != 3L * width * height)
        {
            throw new ArgumentException($"RGB {width}x{height} needs {3L * width * height} bytes, got {rgb.Length}.", nameof(rgb));
        }
        byte[] pixels = image.Pixels;
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            pixels[i] = rgb[j];
            pixels[i + 1] = rgb[j + 1];
            pixels[i + 2] = rgb[j + 2];
            pixels[i + 3] = 255;
        }
        return image;
    }

    /// <summary>A new image filled with one color.</summary>
    public static RgbaImage Filled(int width, int height, Rgba32 color)
    {
        var image = new RgbaImage(width, height);
        image.Fill(color);
        return image;
    }

    public int Stride => Width * BytesPerPixel;

    public Span<byte> Row(int y)
    {
        if ((uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(y), $"Row {y} is outside an image of height {Height}.");
        }
        return Pixels.AsSpan(y * Stride, Stride);
    }

    public Rgba32 this[int x, int y]
    {
        get
        {
            int i = Offset(x, y);
            return new Rgba32(Pixels[i], Pixels[i + 1], Pixels[i + 2], Pixels[i + 3]);
        }
        set
        {
            int i = Offset(x, y);
            Pixels[i] = value.R;
            Pixels[i + 1] = value.G;
            Pixels[i + 2] = value.B;
            Pixels[i + 3] = value.A;
        }
    }

    public void Fill(Rgba32 color)
    {
        Span<byte> pattern = [color.R, color.G, color.B, color.A];
        Span<byte> all = Pixels;
        for (int i = 0; i < all.Length; i += BytesPerPixel)
        {
            pattern.CopyTo(all.Slice(i, BytesPerPixel));
        }
    }

    public RgbaImage Clone() => new(Width, Height, (byte[])Pixels.Clone());

    private int Offset(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"Pixel ({x}, {y}) is outside a {Width}x{Height} image.");
        }
        return (y * Width + x) * BytesPerPixel;
    }

    private static int CheckedLength(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size must be positive, got {width}x{height}.");
        }
        long length = (long)width * height * BytesPerPixel;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Image {width}x{height} is too large for one buffer.");
        }
        return (int)length;
    }
}
