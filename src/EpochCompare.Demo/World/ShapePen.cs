using System.Numerics;
using SkiaSharp;

namespace EpochCompare.Demo.World;

/// <summary>
/// Draws a part's outline into an <see cref="SKPathBuilder"/> in shape units, each point mapped by the current
/// transform as it is added. Ellipses and rounded corners are four cubic arcs rather than Skia's conics, so
/// every point (and the control-point bounds the ohwx shading is placed by) is the one the shipped base model
/// and classifier were trained on.
/// </summary>
public sealed class ShapePen(SKPathBuilder path, Matrix3x2 transform)
{
    // 4/3 * tan(pi/8): the cubic control distance that best approximates a quarter circle.
    private const float KappaCircle = 0.5522847498f;

    private Matrix3x2 _transform = transform;

    public ShapePen MoveTo(float x, float y)
    {
        path.MoveTo(Map(x, y));
        return this;
    }

    public ShapePen LineTo(float x, float y)
    {
        path.LineTo(Map(x, y));
        return this;
    }

    public ShapePen QuadTo(float cx, float cy, float x, float y)
    {
        path.QuadTo(Map(cx, cy), Map(x, y));
        return this;
    }

    public ShapePen CubicTo(float c1x, float c1y, float c2x, float c2y, float x, float y)
    {
        path.CubicTo(Map(c1x, c1y), Map(c2x, c2y), Map(x, y));
        return this;
    }

    public ShapePen Close()
    {
        path.Close();
        return this;
    }

    /// <summary>Moves later points by (dx, dy) in the current units.</summary>
    public ShapePen Translate(float dx, float dy) => Prepend(Matrix3x2.CreateTranslation(dx, dy));

    /// <summary>Rotates later points by <paramref name="radians"/> (clockwise on screen, since y points down).</summary>
    public ShapePen Rotate(float radians) => Prepend(Matrix3x2.CreateRotation(radians));

    public ShapePen AddRectangle(float x, float y, float width, float height) =>
        MoveTo(x, y).LineTo(x + width, y).LineTo(x + width, y + height).LineTo(x, y + height).Close();

    /// <summary>A rectangle whose corners are quarter circles of the given radius (clamped to half the sides).</summary>
    public ShapePen AddRoundedRectangle(float x, float y, float width, float height, float radius)
    {
        float r = MathF.Max(0, MathF.Min(radius, MathF.Min(width, height) / 2));
        if (r == 0)
        {
            return AddRectangle(x, y, width, height);
        }
        float k = r * KappaCircle;
        float right = x + width, bottom = y + height;
        return MoveTo(x + r, y)
            .LineTo(right - r, y)
            .CubicTo(right - r + k, y, right, y + r - k, right, y + r)
            .LineTo(right, bottom - r)
            .CubicTo(right, bottom - r + k, right - r + k, bottom, right - r, bottom)
            .LineTo(x + r, bottom)
            .CubicTo(x + r - k, bottom, x, bottom - r + k, x, bottom - r)
            .LineTo(x, y + r)
            .CubicTo(x, y + r - k, x + r - k, y, x + r, y)
            .Close();
    }

    /// <summary>An axis-aligned ellipse, clockwise on screen (so two of them in one part fill as one, without a hole).</summary>
    public ShapePen AddEllipse(float cx, float cy, float rx, float ry)
    {
        float kx = rx * KappaCircle, ky = ry * KappaCircle;
        return MoveTo(cx + rx, cy)
            .CubicTo(cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry)
            .CubicTo(cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy)
            .CubicTo(cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry)
            .CubicTo(cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy)
            .Close();
    }

    public ShapePen AddCircle(float cx, float cy, float r) => AddEllipse(cx, cy, r, r);

    private SKPoint Map(float x, float y)
    {
        Vector2 p = Vector2.Transform(new Vector2(x, y), _transform);
        return new SKPoint(p.X, p.Y);
    }

    // New transforms apply to the shape's points first, then the placement (canvas semantics).
    private ShapePen Prepend(Matrix3x2 matrix)
    {
        _transform = matrix * _transform;
        return this;
    }
}
