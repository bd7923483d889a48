using EpochCompare.Imaging.Drawing;

namespace EpochCompare.Imaging.Text;

/// <summary>Draws text onto a canvas: each line's glyph outlines are filled in one rasterizer pass.</summary>
public static class TextRenderer
{
    /// <summary>Draws one line with its baseline starting at (x, baselineY).</summary>
    public static void DrawLine(Canvas canvas, Font font, string text, float x, float baselineY, Brush brush)
    {
        VectorPath path = font.BuildPath(text, x, baselineY);
        canvas.Fill(path, brush);
    }

    /// <summary>Draws one line aligned horizontally in a box and centered vertically on its ascent + descent.</summary>
    public static void DrawLine(Canvas canvas, Font font, string text, PixelRect box, TextAlign align, Brush brush)
    {
        float width = font.MeasureWidth(text);
        float x = align switch
        {
            TextAlign.Left => box.X,
            TextAlign.Right => box.Right - width,
            _ => box.X + (box.Width - width) / 2,
        };
        float baseline = box.Y + (box.Height + font.Ascent - font.Descent) / 2;
        DrawLine(canvas, font, text, x, baseline, brush);
    }
}
