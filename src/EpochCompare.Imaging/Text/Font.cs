using System.Numerics;
using System.Text;
using EpochCompare.Imaging.Drawing;

namespace EpochCompare.Imaging.Text;

/// <summary>A typeface at a pixel size: metrics in pixels, measuring and glyph placement with kerning.</summary>
public sealed class Font
{
    public Font(ITypeface typeface, float size)
    {
        ArgumentNullException.ThrowIfNull(typeface);
        if (!(size > 0) || !float.IsFinite(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"Font size must be positive, got {size}.");
        }
        Typeface = typeface;
        Size = size;
        Scale = size / typeface.UnitsPerEm;
    }

    public ITypeface Typeface { get; }

    /// <summary>The em size in pixels.</summary>
    public float Size { get; }

    /// <summary>Pixels per font unit.</summary>
    public float Scale { get; }

    public float Ascent => Typeface.Ascender * Scale;

    /// <summary>Depth below the baseline in pixels (positive).</summary>
    public float Descent => -Typeface.Descender * Scale;

    /// <summary>Baseline-to-baseline distance.</summary>
    public float LineHeight => (Typeface.Ascender - Typeface.Descender + Typeface.LineGap) * Scale;

    public Font WithSize(float size) => new(Typeface, size);

    /// <summary>The advance width of one line of text in pixels, kerning included.</summary>
    public float MeasureWidth(string text)
    {
        float width = 0;
        foreach (var (_, x, advance) in Place(text))
        {
            width = x + advance;
        }
        return width;
    }

    /// <summary>Each glyph of a line with its pen position (pixels from the line start) and advance.</summary>
    public IEnumerable<(int Glyph, float X, float Advance)> Place(string text)
    {
        float pen = 0;
        int previous = -1;
        foreach (Rune rune in text.EnumerateRunes())
        {
            int glyph = Typeface.GlyphIndex(rune.Value);
            if (previous >= 0)
            {
                pen += Typeface.Kerning(previous, glyph) * Scale;
            }
            float advance = Typeface.AdvanceWidth(glyph) * Scale;
            yield return (glyph, pen, advance);
            pen += advance;
            previous = glyph;
        }
    }

    /// <summary>The outlines of a line of text with its baseline starting at (x, baselineY), in pixels.</summary>
    public VectorPath BuildPath(string text, float x, float baselineY)
    {
        var builder = new PathBuilder();
        foreach (var (glyph, penX, _) in Place(text))
        {
            VectorPath outline = Typeface.Outline(glyph);
            if (outline.IsEmpty)
            {
                continue;
            }
            // Font units are y-up; the canvas is y-down.
            builder.Transform = Matrix3x2.CreateScale(Scale, -Scale) * Matrix3x2.CreateTranslation(x + penX, baselineY);
            builder.AddPath(outline);
        }
        return builder.Build();
    }
}
