using SkiaSharp;

namespace EpochCompare.Imaging.Text;

/// <summary>Draws shaped text onto a Skia canvas, each run in its own typeface (label font or a fallback).</summary>
public static class TextRenderer
{
    /// <summary>Draws one line with its baseline starting at (x, baselineY).</summary>
    public static void DrawLine(SKCanvas canvas, Font font, string text, float x, float baselineY, Rgba32 color)
    {
        using SKPaint paint = TextPaint(color);
        DrawLine(canvas, font, text, x, baselineY, paint);
    }

    /// <summary>Draws one line with its baseline starting at (x, baselineY) with a caller's paint (reused across lines).</summary>
    public static void DrawLine(SKCanvas canvas, Font font, string text, float x, float baselineY, SKPaint paint)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(paint);
        if (TextShaper.Shape(font, text).Blob is { } blob)
        {
            canvas.DrawText(blob, x, baselineY, paint);
        }
    }

    /// <summary>Draws one line aligned horizontally in a box and centered vertically on its ascent + descent.</summary>
    public static void DrawLine(SKCanvas canvas, Font font, string text, PixelRect box, TextAlign align, Rgba32 color)
    {
        using SKPaint paint = TextPaint(color);
        DrawLine(canvas, font, text, box, align, paint);
    }

    public static void DrawLine(SKCanvas canvas, Font font, string text, PixelRect box, TextAlign align, SKPaint paint)
    {
        float width = font.MeasureWidth(text);
        float x = align switch
        {
            TextAlign.Left => box.X,
            TextAlign.Right => box.Right - width,
            _ => box.X + (box.Width - width) / 2,
        };
        float baseline = box.Y + (box.Height + font.Ascent - font.Descent) / 2;
        DrawLine(canvas, font, text, x, baseline, paint);
    }

    /// <summary>An antialiased fill paint of one color, as text is drawn with.</summary>
    public static SKPaint TextPaint(Rgba32 color) => new() { Color = new SKColor(color.R, color.G, color.B, color.A), IsAntialias = true };
}
