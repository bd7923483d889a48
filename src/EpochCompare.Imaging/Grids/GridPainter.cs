using EpochCompare.Imaging.Text;
using SkiaSharp;

namespace EpochCompare.Imaging.Grids;

/// <summary>
/// Paints one grid page from its layout with Skia: title, headers, row labels, cells or placeholders, marks, evidence.
/// Skia draws straight into the page's pinned pixels and reads each cell from its own pinned pixels: no copies.
/// </summary>
internal sealed class GridPainter(PromptGrid grid, GridLayout layout) : IDisposable
{
    // One fill and one text paint for the whole page, recoloured per use.
    private readonly SKPaint _fill = new() { IsAntialias = false, Style = SKPaintStyle.Fill };
    private readonly SKPaint _text = TextRenderer.TextPaint(GridPalette.Text);
    private SKCanvas? _canvas;

    private SKCanvas Canvas => _canvas ?? throw new InvalidOperationException("GridPainter draws only inside Paint.");

    public RgbaImage Paint()
    {
        var image = new RgbaImage(layout.Width, layout.Height);
        // The page is opaque (cleared to white first), so premultiplied and straight RGBA are the same bytes.
        var info = new SKImageInfo(layout.Width, layout.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        unsafe
        {
            fixed (byte* pixels = image.Pixels)
            {
                using SKSurface surface = SKSurface.Create(info, (IntPtr)pixels, image.Stride)
                    ?? throw new InvalidOperationException($"Skia could not draw a {layout.Width}x{layout.Height} grid page.");
                _canvas = surface.Canvas;
                try
                {
                    PaintPage();
                    _canvas.Flush();
                }
                finally
                {
                    _canvas = null;
                }
            }
        }
        return image;
    }

    public void Dispose()
    {
        _fill.Dispose();
        _text.Dispose();
    }

    private void PaintPage()
    {
        Canvas.Clear(SKColors.White);
        PaintTitle();
        if (layout.BaseSeparator is { } separator)
        {
            FillRectangle(separator, GridPalette.BaseSeparator);
        }
        for (int i = 0; i < layout.Columns.Count; i++)
        {
            PaintHeader(i);
            for (int r = 0; r < grid.Rows.Count; r++)
            {
                PaintCell(grid[r, layout.Columns[i]], layout.CellRects[r, i]);
            }
            if (layout.EvidenceRects.Length > 0)
            {
                PaintEvidence(i);
            }
            if (grid.MarkOf(layout.Columns[i]).Kind == ColumnMarkKind.Recommended)
            {
                PaintFrame(i, GridPalette.MarkStrong(ColumnMarkKind.Recommended));
            }
        }
        for (int r = 0; r < grid.Rows.Count; r++)
        {
            PixelRect box = Inset(layout.RowLabelRects[r], layout.Padding, 0);
            DrawFitted(grid.Rows[r].DisplayLabel, layout.LabelFont, box, TextAlign.Right, GridPalette.Text);
            if (layout.RightRowLabelRects.Length > 0)
            {
                DrawFitted(grid.Rows[r].DisplayLabel, layout.LabelFont, Inset(layout.RightRowLabelRects[r], layout.Padding, 0), TextAlign.Left, GridPalette.Text);
            }
        }
    }

    private void PaintTitle()
    {
        Font font = layout.TitleFont;
        float baseline = layout.TitleBand.Y + font.Ascent;
        foreach (string line in layout.TitleLines)
        {
            TextRenderer.DrawLine(Canvas, font, line, layout.TitleBand.X, baseline, Text(GridPalette.Text));
            baseline += font.LineHeight;
        }
        if (layout.PageLabel is { } pageLabel)
        {
            Font caption = layout.CaptionFont;
            float x = layout.TitleBand.Right - caption.MeasureWidth(pageLabel);
            TextRenderer.DrawLine(Canvas, caption, pageLabel, x, layout.TitleBand.Y + font.Ascent, Text(GridPalette.SubtleText));
        }
    }

    private void PaintHeader(int i)
    {
        GridColumn column = grid.Columns[layout.Columns[i]];
        ColumnMark mark = grid.MarkOf(layout.Columns[i]);
        PixelRect rect = layout.HeaderRects[i];
        bool marked = mark.Kind != ColumnMarkKind.None;
        Rgba32 fill = marked ? GridPalette.MarkFill(mark.Kind) : column.IsBase ? GridPalette.BaseHeaderFill : GridPalette.HeaderFill;
        Rgba32 ink = marked ? GridPalette.MarkStrong(mark.Kind) : column.IsBase ? GridPalette.BaseText : GridPalette.Text;
        FillRectangle(rect, fill);

        int labelHeight = (int)MathF.Ceiling(layout.LabelFont.LineHeight);
        var labelBox = new PixelRect(rect.X + layout.Padding, rect.Y + layout.Padding, rect.Width - 2 * layout.Padding, labelHeight);
        DrawFitted(column.Label, layout.LabelFont, labelBox, TextAlign.Center, ink);
        if (mark.Caption is { } caption)
        {
            var captionBox = new PixelRect(labelBox.X, labelBox.Bottom, labelBox.Width, (int)MathF.Ceiling(layout.CaptionFont.LineHeight));
            DrawFitted(caption, layout.CaptionFont, captionBox, TextAlign.Center, ink);
        }
        if (marked || column.IsBase)
        {
            // A bold rule under the header carries the column's meaning even when the text is tiny.
            int rule = Math.Max(2, layout.Gap / 2 + 1);
            FillRectangle(new PixelRect(rect.X, rect.Bottom - rule, rect.Width, rule), marked ? ink : GridPalette.BaseSeparator);
        }
    }

    private void PaintCell(GridCell cell, PixelRect rect)
    {
        if (cell.Image is not { } image)
        {
            PaintPlaceholder(rect);
            return;
        }
        bool sameSize = image.Width == rect.Width && image.Height == rect.Height;
        if (!sameSize)
        {
            FillRectangle(rect, GridPalette.PlaceholderFill);
        }
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        unsafe
        {
            fixed (byte* pixels = image.Pixels)
            {
                // Skia reads the cell's own bytes; the raster canvas draws at once, so the image never outlives the pin.
                using SKImage picture = SKImage.FromPixels(info, (IntPtr)pixels, image.Stride)
                    ?? throw new InvalidOperationException($"Skia could not read a {image.Width}x{image.Height} cell.");
                if (sameSize)
                {
                    Canvas.DrawImage(picture, rect.X, rect.Y, new SKSamplingOptions(SKFilterMode.Nearest));
                    return;
                }
                // Another size: scaled to fit, centred, letterboxed. Display only, so Skia's filters do it: Mitchell
                // cubic when enlarging, trilinear mipmaps when shrinking (no aliasing at any ratio).
                float f = MathF.Min((float)rect.Width / image.Width, (float)rect.Height / image.Height);
                int w = Math.Clamp((int)MathF.Round(image.Width * f), 1, rect.Width);
                int h = Math.Clamp((int)MathF.Round(image.Height * f), 1, rect.Height);
                var target = SKRect.Create(rect.X + (rect.Width - w) / 2, rect.Y + (rect.Height - h) / 2, w, h);
                SKSamplingOptions sampling = f > 1
                    ? new SKSamplingOptions(SKCubicResampler.Mitchell)
                    : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
                Canvas.DrawImage(picture, target, sampling, null);
            }
        }
    }

    private void PaintPlaceholder(PixelRect rect)
    {
        FillRectangle(rect, GridPalette.PlaceholderFill);
        float width = MathF.Max(1.5f, layout.Gap * 0.5f);
        Canvas.Save();
        Canvas.ClipRect(ToRect(rect));
        using (var lines = new SKPaint { Color = ToColor(GridPalette.PlaceholderLines), IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width, StrokeCap = SKStrokeCap.Butt })
        {
            Canvas.DrawLine(rect.X, rect.Y, rect.Right, rect.Bottom, lines);
            Canvas.DrawLine(rect.Right, rect.Y, rect.X, rect.Bottom, lines);
        }
        Font font = layout.CaptionFont;
        const string text = "missing";
        float textWidth = font.MeasureWidth(text);
        int boxWidth = (int)(textWidth + 2 * layout.Padding), boxHeight = (int)(font.LineHeight + layout.Padding);
        var box = new PixelRect(rect.X + (rect.Width - boxWidth) / 2, rect.Y + (rect.Height - boxHeight) / 2, boxWidth, boxHeight);
        FillRectangle(box, GridPalette.PlaceholderFill);
        TextRenderer.DrawLine(Canvas, font, text, box, TextAlign.Center, Text(GridPalette.SubtleText));
        Canvas.Restore();
    }

    private void PaintEvidence(int i)
    {
        ColumnEvidence? evidence = grid.EvidenceOf(layout.Columns[i]);
        if (evidence is null)
        {
            return;
        }
        PixelRect rect = layout.EvidenceRects[i];
        ColumnMark mark = grid.MarkOf(layout.Columns[i]);
        int pad = layout.Padding;
        int textHeight = (int)MathF.Ceiling(layout.CaptionFont.LineHeight);
        DrawFitted(evidence.Text, layout.CaptionFont, new PixelRect(rect.X + pad, rect.Y + pad, rect.Width - 2 * pad, textHeight), TextAlign.Center, GridPalette.SubtleText);
        if (evidence.Level is float level)
        {
            var track = new PixelRect(rect.X + pad, rect.Y + pad + textHeight, rect.Width - 2 * pad, rect.Bottom - pad - (rect.Y + pad + textHeight));
            FillRectangle(track, GridPalette.EvidenceTrack);
            int filled = (int)MathF.Round(track.Width * Math.Clamp(level, 0, 1));
            Rgba32 color = mark.Kind == ColumnMarkKind.None ? GridPalette.EvidenceBar : GridPalette.MarkStrong(mark.Kind);
            FillRectangle(track with { Width = filled }, color);
        }
    }

    private void PaintFrame(int i, Rgba32 color)
    {
        // Drawn in the gaps around the column so it never covers a pixel of the images.
        PixelRect top = layout.HeaderRects[i];
        PixelRect bottom = layout.CellRects[grid.Rows.Count - 1, i];
        int gap = layout.Gap;
        float width = MathF.Max(2, gap - 1);
        float inset = gap / 2f;
        var frame = SKRect.Create(top.X - inset, top.Y - inset, top.Width + 2 * inset, bottom.Bottom - top.Y + 2 * inset);
        using var paint = new SKPaint { Color = ToColor(color), IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width, StrokeJoin = SKStrokeJoin.Miter };
        Canvas.DrawRect(frame, paint);
    }

    private void DrawFitted(string text, Font font, PixelRect box, TextAlign align, Rgba32 color)
    {
        Font fitted = TextLayout.FitLine(font, text, box.Width, minimumSize: 7);
        TextRenderer.DrawLine(Canvas, fitted, TextLayout.Ellipsize(fitted, text, box.Width), box, align, Text(color));
    }

    /// <summary>Whole-pixel rectangles: no antialiasing, so edges stay crisp.</summary>
    private void FillRectangle(PixelRect rect, Rgba32 color)
    {
        if (rect.IsEmpty)
        {
            return;
        }
        _fill.Color = ToColor(color);
        Canvas.DrawRect(ToRect(rect), _fill);
    }

    private SKPaint Text(Rgba32 color)
    {
        _text.Color = ToColor(color);
        return _text;
    }

    private static SKRect ToRect(PixelRect r) => SKRect.Create(r.X, r.Y, r.Width, r.Height);

    private static SKColor ToColor(Rgba32 c) => new(c.R, c.G, c.B, c.A);

    private static PixelRect Inset(PixelRect r, int dx, int dy) => new(r.X + dx, r.Y + dy, r.Width - 2 * dx, r.Height - 2 * dy);
}
