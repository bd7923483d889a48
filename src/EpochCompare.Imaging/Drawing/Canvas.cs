using System.Numerics;

namespace EpochCompare.Imaging.Drawing;

/// <summary>
/// Draws onto an <see cref="RgbaImage"/>: antialiased path fills and strokes with solid or gradient
/// brushes, pixel-aligned rectangles and image blits, all composited source-over inside a clip rectangle.
/// Not thread-safe (it reuses one coverage buffer); use one canvas per thread.
/// </summary>
public sealed class Canvas
{
    private readonly CoverageAccumulator _accumulator = new();
    private PixelRect _clip;

    public Canvas(RgbaImage target)
    {
        Target = target ?? throw new ArgumentNullException(nameof(target));
        _clip = Bounds;
    }

    public RgbaImage Target { get; }

    public PixelRect Bounds => new(0, 0, Target.Width, Target.Height);

    /// <summary>Drawing outside this rectangle is discarded; always within the image.</summary>
    public PixelRect Clip
    {
        get => _clip;
        set => _clip = value.Intersect(Bounds);
    }

    public void ResetClip() => _clip = Bounds;

    public void Fill(VectorPath path, Brush brush, FillRule rule = FillRule.NonZero)
    {
        if (path.IsEmpty || _clip.IsEmpty)
        {
            return;
        }
        List<Polyline> contours = PathFlattener.Flatten(path);
        (Vector2 min, Vector2 max) = path.ControlBounds();
        if (!float.IsFinite(min.X + min.Y + max.X + max.Y))
        {
            throw new ArgumentException("Canvas.Fill: the path has a non-finite coordinate.", nameof(path));
        }
        int x0 = (int)Math.Clamp(MathF.Floor(min.X), int.MinValue / 2, int.MaxValue / 2);
        int y0 = (int)Math.Clamp(MathF.Floor(min.Y), int.MinValue / 2, int.MaxValue / 2);
        int x1 = (int)Math.Clamp(MathF.Ceiling(max.X), int.MinValue / 2, int.MaxValue / 2);
        int y1 = (int)Math.Clamp(MathF.Ceiling(max.Y), int.MinValue / 2, int.MaxValue / 2);
        // Edges outside the window still set the winding inside it; the accumulator pins them to its sides.
        PixelRect window = new PixelRect(x0, y0, x1 - x0 + 1, y1 - y0 + 1).Intersect(_clip);
        if (window.IsEmpty)
        {
            return;
        }
        _accumulator.Reset(window.X, window.Y, window.Width, window.Height);
        _accumulator.AddPolylines(contours);
        Composite(window, brush, rule);
    }

    public void Stroke(VectorPath path, Brush brush, StrokeStyle style) => Fill(Stroker.Stroke(path, style), brush);

    public void Stroke(VectorPath path, Brush brush, float width) => Stroke(path, brush, StrokeStyle.Of(width));

    /// <summary>Fills whole pixels (no antialiasing): the fast path for backgrounds, bands and cell frames.</summary>
    public void FillRectangle(PixelRect rect, Rgba32 color)
    {
        PixelRect r = rect.Intersect(_clip);
        if (r.IsEmpty)
        {
            return;
        }
        if (color.A == 255)
        {
            // Opaque: build one row, then copy it down.
            Span<byte> first = Target.Row(r.Y).Slice(r.X * 4, r.Width * 4);
            for (int i = 0; i < first.Length; i += 4)
            {
                first[i] = color.R;
                first[i + 1] = color.G;
                first[i + 2] = color.B;
                first[i + 3] = 255;
            }
            for (int y = r.Y + 1; y < r.Bottom; y++)
            {
                first.CopyTo(Target.Row(y).Slice(r.X * 4, r.Width * 4));
            }
            return;
        }
        for (int y = r.Y; y < r.Bottom; y++)
        {
            Span<byte> row = Target.Row(y).Slice(r.X * 4, r.Width * 4);
            for (int i = 0; i < row.Length; i += 4)
            {
                PixelBlender.Blend(row.Slice(i, 4), color, 255);
            }
        }
    }

    /// <summary>Draws <paramref name="source"/> with its top-left corner at (x, y), source-over.</summary>
    public void DrawImage(RgbaImage source, int x, int y)
    {
        PixelRect r = new PixelRect(x, y, source.Width, source.Height).Intersect(_clip);
        if (r.IsEmpty)
        {
            return;
        }
        for (int row = r.Y; row < r.Bottom; row++)
        {
            ReadOnlySpan<byte> src = source.Row(row - y).Slice((r.X - x) * 4, r.Width * 4);
            Span<byte> dst = Target.Row(row).Slice(r.X * 4, r.Width * 4);
            if (IsOpaque(src))
            {
                src.CopyTo(dst);
                continue;
            }
            for (int i = 0; i < src.Length; i += 4)
            {
                PixelBlender.Blend(dst.Slice(i, 4), new Rgba32(src[i], src[i + 1], src[i + 2], src[i + 3]), 255);
            }
        }
    }

    private void Composite(PixelRect window, Brush brush, FillRule rule)
    {
        byte[] coverage = new byte[window.Width];
        var solid = brush as SolidBrush;
        Rgba32[] colors = solid is null ? new Rgba32[window.Width] : [];
        for (int j = 0; j < window.Height; j++)
        {
            if (!_accumulator.ResolveRow(j, rule, coverage))
            {
                continue;
            }
            int y = window.Y + j;
            Span<byte> row = Target.Row(y).Slice(window.X * 4, window.Width * 4);
            if (solid is not null)
            {
                PixelBlender.BlendSolid(row, coverage, solid.Color);
            }
            else
            {
                brush.Shade(window.X, y, colors);
                PixelBlender.BlendColors(row, coverage, colors);
            }
        }
    }

    private static bool IsOpaque(ReadOnlySpan<byte> rgba)
    {
        for (int i = 3; i < rgba.Length; i += 4)
        {
            if (rgba[i] != 255)
            {
                return false;
            }
        }
        return true;
    }
}
