using SkiaSharp;

namespace EpochCompare.Imaging.Text;

/// <summary>A typeface at a pixel size: line metrics of the label design, widths of shaped text (with fallback fonts).</summary>
public sealed class Font
{
    public Font(Typeface typeface, float size)
    {
        ArgumentNullException.ThrowIfNull(typeface);
        if (!(size > 0) || !float.IsFinite(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"Font size must be positive, got {size}.");
        }
        Typeface = typeface;
        Size = size;
        using SKFont font = CreateSkiaFont(typeface.Skia);
        font.GetFontMetrics(out SKFontMetrics metrics);
        Ascent = -metrics.Ascent;
        Descent = metrics.Descent;
        LineHeight = metrics.Descent - metrics.Ascent + metrics.Leading;
    }

    public Typeface Typeface { get; }

    /// <summary>The em size in pixels.</summary>
    public float Size { get; }

    /// <summary>Height above the baseline in pixels (positive).</summary>
    public float Ascent { get; }

    /// <summary>Depth below the baseline in pixels (positive).</summary>
    public float Descent { get; }

    /// <summary>Baseline-to-baseline distance.</summary>
    public float LineHeight { get; }

    public Font WithSize(float size) => new(Typeface, size);

    /// <summary>The advance width of one line of shaped text in pixels.</summary>
    public float MeasureWidth(string text) => TextShaper.Shape(this, text).Width;

    /// <summary>
    /// Unhinted, antialiased, subpixel-positioned outlines with linear advances: the same widths and pixels
    /// whatever FreeType's hinting settings on a machine are.
    /// </summary>
    internal SKFont CreateSkiaFont(SKTypeface typeface) => new(typeface, Size)
    {
        Edging = SKFontEdging.Antialias,
        Hinting = SKFontHinting.None,
        Subpixel = true,
        LinearMetrics = true,
    };
}
