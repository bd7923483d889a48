using System.Numerics;

namespace EpochCompare.Imaging.Drawing;

/// <summary>
/// Signed-area accumulation rasterizer (the font-rs design): every edge adds, to the cells it crosses
/// on each scanline, the exact area it sweeps, with its direction as sign. A running sum along a row
/// then yields the winding-weighted coverage of each pixel, with exact antialiasing for one edge per
/// pixel. Works inside a window (origin + size) so a small shape on a big canvas costs little.
/// </summary>
internal sealed class CoverageAccumulator
{
    private float[] _cells = [];
    private int _stride;

    public int OriginX { get; private set; }

    public int OriginY { get; private set; }

    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>Clears and sizes the window; pixels (OriginX + i, OriginY + j) for i &lt; width, j &lt; height.</summary>
    public void Reset(int originX, int originY, int width, int height)
    {
        OriginX = originX;
        OriginY = originY;
        Width = width;
        Height = height;
        _stride = width + 2; // an edge on the right border writes one cell past it
        int needed = _stride * height;
        if (_cells.Length < needed)
        {
            _cells = new float[needed];
        }
        else
        {
            Array.Clear(_cells, 0, needed);
        }
    }

    public void AddPolylines(List<Polyline> contours)
    {
        foreach (Polyline contour in contours)
        {
            List<Vector2> pts = contour.Points;
            for (int i = 0; i < pts.Count; i++)
            {
                // Fills close every contour implicitly.
                AddLine(pts[i], pts[(i + 1) % pts.Count]);
            }
        }
    }

    /// <summary>Adds one directed edge given in canvas pixel coordinates.</summary>
    public void AddLine(Vector2 from, Vector2 to)
    {
        float x0 = from.X - OriginX, y0 = from.Y - OriginY;
        float x1 = to.X - OriginX, y1 = to.Y - OriginY;
        if (y0 == y1 || !float.IsFinite(x0 + y0 + x1 + y1))
        {
            return;
        }
        if ((y0 <= 0 && y1 <= 0) || (y0 >= Height && y1 >= Height))
        {
            return;
        }
        // Parts left or right of the window still change the winding of pixels to their right:
        // split at the window's sides and pin those parts onto the side (area is what matters).
        float w = Width;
        Span<float> cuts = stackalloc float[4];
        int n = 0;
        cuts[n++] = 0;
        if (x0 != x1)
        {
            float tLeft = (0 - x0) / (x1 - x0), tRight = (w - x0) / (x1 - x0);
            if (tLeft > 0 && tLeft < 1) cuts[n++] = tLeft;
            if (tRight > 0 && tRight < 1) cuts[n++] = tRight;
        }
        cuts[n++] = 1;
        cuts[..n].Sort();
        for (int i = 0; i + 1 < n; i++)
        {
            float ta = cuts[i], tb = cuts[i + 1];
            float xa = Math.Clamp(x0 + (x1 - x0) * ta, 0, w), ya = y0 + (y1 - y0) * ta;
            float xb = Math.Clamp(x0 + (x1 - x0) * tb, 0, w), yb = y0 + (y1 - y0) * tb;
            if (i == 0) ya = y0;
            if (i + 2 == n) yb = y1;
            AccumulateInside(xa, ya, xb, yb);
        }
    }

    private void AccumulateInside(float x0, float y0, float x1, float y1)
    {
        if (y0 == y1)
        {
            return;
        }
        float dir = 1;
        if (y0 > y1)
        {
            (x0, x1) = (x1, x0);
            (y0, y1) = (y1, y0);
            dir = -1;
        }
        float dxdy = (x1 - x0) / (y1 - y0);
        int rowStart = Math.Max(0, (int)MathF.Floor(y0));
        int rowEnd = Math.Min(Height, (int)MathF.Ceiling(y1));
        float[] cells = _cells;
        for (int y = rowStart; y < rowEnd; y++)
        {
            float ya = MathF.Max(y, y0), yb = MathF.Min(y + 1, y1);
            float dy = yb - ya;
            if (dy <= 0)
            {
                continue;
            }
            float xa = x0 + (ya - y0) * dxdy, xb = x0 + (yb - y0) * dxdy;
            float xl = MathF.Min(xa, xb), xr = MathF.Max(xa, xb);
            float d = dir * dy;
            int row = y * _stride;
            int cl = (int)xl;
            if (xr <= cl + 1)
            {
                float mid = (xl + xr) * 0.5f - cl;
                cells[row + cl] += d * (1 - mid);
                cells[row + cl + 1] += d * mid;
                continue;
            }
            // The edge crosses several pixels in this row: split it at pixel borders.
            float perUnitX = d / (xr - xl);
            int cr = (int)xr;
            for (int c = cl; c <= cr; c++)
            {
                float l = MathF.Max(xl, c), r = MathF.Min(xr, c + 1);
                if (r <= l)
                {
                    continue;
                }
                float part = (r - l) * perUnitX;
                float mid = (l + r) * 0.5f - c;
                cells[row + c] += part * (1 - mid);
                cells[row + c + 1] += part * mid;
            }
        }
    }

    /// <summary>
    /// Integrates one window row into 0..255 coverage under a fill rule and clears that row.
    /// Returns false when the whole row is empty (nothing to composite).
    /// </summary>
    public bool ResolveRow(int row, FillRule rule, Span<byte> coverage)
    {
        float[] cells = _cells;
        int start = row * _stride;
        float sum = 0;
        bool any = false;
        for (int x = 0; x < Width; x++)
        {
            sum += cells[start + x];
            cells[start + x] = 0;
            float a = MathF.Abs(sum);
            if (rule == FillRule.EvenOdd)
            {
                a -= 2 * MathF.Floor(a * 0.5f);
                if (a > 1) a = 2 - a;
            }
            else if (a > 1)
            {
                a = 1;
            }
            byte value = (byte)(a * 255 + 0.5f);
            coverage[x] = value;
            any |= value != 0;
        }
        cells[start + Width] = 0;
        cells[start + Width + 1] = 0;
        return any;
    }
}
