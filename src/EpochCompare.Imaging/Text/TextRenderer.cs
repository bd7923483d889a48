using SkiaSharp;

namespace EpochCompare.Imaging.Text;

/// <summary>Draws shaped text onto a Skia canvas, each run in its own typeface (label font or a fallback).</summary>
public static class TextRenderer
{
    /// <summary>Draws one line with its baseline starting at (x, baselineY).</summary>
    public static void DrawLine(SKCanvas canvas, Font font, string text, float x, float baselineY, Rgba32 color)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ShapedLine line = TextShaper.Shape(font, text);
        if (line.Runs.Count == 0)
        {
            return;
        }
        using var builder = new SKTextBlobBuilder();
        foreach (ShapedRun run in line.Runs)
        {
            using SKFont skiaFont = font.CreateSkiaFont(run.Typeface);
            builder.AddPositionedRun(run.Glyphs, skiaFont, run.Positions);
        }
        using SKTextBlob? blob = builder.Build();
        if (blob is null)
        {
            return;
        }
        using var paint = new SKPaint { Color = new SKColor(color.R, color.G, color.B, color.A), IsAntialias = true };
        canvas.DrawText(blob, x, baselineY, paint);
    }

    /// <summary>Draws one line aligned horizontally in a box and centered vertically on its ascent + descent.</summary>
    public static void DrawLine(SKCanvas canvas, Font font, string text, PixelRect box, TextAlign align, Rgba32 color)
    {
        float width = font.MeasureWidth(text);
        float x = align switch
        {
            TextAlign.Left => box.X,
            TextAlign.Right => box.Right - width,
            _ => box.X + (box.Width - width) / 2,
        };
        float baseline = box.Y + (box.Height + font.Ascent - font.Descent) / 2;
        DrawLine(canvas, font, text, x, baseline, color);
    }
}
