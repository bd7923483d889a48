using System.Numerics;

namespace EpochCompare.Imaging.Drawing;

/// <summary>
/// Records a <see cref="VectorPath"/> the way a canvas API does: MoveTo/LineTo/QuadTo/CubicTo/Close plus
/// shape helpers, with a current transform (translate/rotate/scale) applied to points as they are added.
/// </summary>
public sealed class PathBuilder
{
    private readonly List<PathVerb> _verbs = [];
    private readonly List<Vector2> _points = [];
    private readonly Stack<Matrix3x2> _saved = new();
    private bool _open;

    /// <summary>Maps user coordinates to path coordinates for every point added from now on.</summary>
    public Matrix3x2 Transform { get; set; } = Matrix3x2.Identity;

    public PathBuilder MoveTo(float x, float y) => MoveTo(new Vector2(x, y));

    public PathBuilder MoveTo(Vector2 p)
    {
        _verbs.Add(PathVerb.MoveTo);
        _points.Add(Map(p));
        _open = true;
        return this;
    }

    public PathBuilder LineTo(float x, float y) => LineTo(new Vector2(x, y));

    public PathBuilder LineTo(Vector2 p)
    {
        RequireOpen(nameof(LineTo));
        _verbs.Add(PathVerb.LineTo);
        _points.Add(Map(p));
        return this;
    }

    public PathBuilder QuadTo(float cx, float cy, float x, float y) => QuadTo(new Vector2(cx, cy), new Vector2(x, y));

    public PathBuilder QuadTo(Vector2 control, Vector2 end)
    {
        RequireOpen(nameof(QuadTo));
        _verbs.Add(PathVerb.QuadTo);
        _points.Add(Map(control));
        _points.Add(Map(end));
        return this;
    }

    public PathBuilder CubicTo(float c1x, float c1y, float c2x, float c2y, float x, float y) =>
        CubicTo(new Vector2(c1x, c1y), new Vector2(c2x, c2y), new Vector2(x, y));

    public PathBuilder CubicTo(Vector2 control1, Vector2 control2, Vector2 end)
    {
        RequireOpen(nameof(CubicTo));
        _verbs.Add(PathVerb.CubicTo);
        _points.Add(Map(control1));
        _points.Add(Map(control2));
        _points.Add(Map(end));
        return this;
    }

    /// <summary>Closes the current contour with a straight line back to its start.</summary>
    public PathBuilder Close()
    {
        if (_open)
        {
            _verbs.Add(PathVerb.Close);
            _open = false;
        }
        return this;
    }

    public PathBuilder Translate(float dx, float dy) => Prepend(Matrix3x2.CreateTranslation(dx, dy));

    /// <summary>Rotates later points by <paramref name="radians"/> (clockwise on screen, since y points down).</summary>
    public PathBuilder Rotate(float radians) => Prepend(Matrix3x2.CreateRotation(radians));

    public PathBuilder Rotate(float radians, float centerX, float centerY) =>
        Prepend(Matrix3x2.CreateRotation(radians, new Vector2(centerX, centerY)));

    public PathBuilder Scale(float sx, float sy) => Prepend(Matrix3x2.CreateScale(sx, sy));

    public PathBuilder Scale(float s) => Scale(s, s);

    /// <summary>Saves the current transform; <see cref="Restore"/> brings it back.</summary>
    public PathBuilder Save()
    {
        _saved.Push(Transform);
        return this;
    }

    public PathBuilder Restore()
    {
        if (_saved.Count == 0)
        {
            throw new InvalidOperationException("PathBuilder.Restore without a matching Save.");
        }
        Transform = _saved.Pop();
        return this;
    }

    public PathBuilder AddRectangle(float x, float y, float width, float height) =>
        MoveTo(x, y).LineTo(x + width, y).LineTo(x + width, y + height).LineTo(x, y + height).Close();

    /// <summary>A rectangle whose corners are quarter ellipses of the given radius (clamped to half the sides).</summary>
    public PathBuilder AddRoundedRectangle(float x, float y, float width, float height, float radius)
    {
        float r = MathF.Max(0, MathF.Min(radius, MathF.Min(width, height) / 2));
        if (r == 0)
        {
            return AddRectangle(x, y, width, height);
        }
        float k = r * KappaCircle;
        float right = x + width, bottom = y + height;
        MoveTo(x + r, y);
        LineTo(right - r, y);
        CubicTo(right - r + k, y, right, y + r - k, right, y + r);
        LineTo(right, bottom - r);
        CubicTo(right, bottom - r + k, right - r + k, bottom, right - r, bottom);
        LineTo(x + r, bottom);
        CubicTo(x + r - k, bottom, x, bottom - r + k, x, bottom - r);
        LineTo(x, y + r);
        CubicTo(x, y + r - k, x + r - k, y, x + r, y);
        return Close();
    }

    /// <summary>An axis-aligned ellipse (four cubic arcs; radial error below 0.03 %).</summary>
    public PathBuilder AddEllipse(float centerX, float centerY, float radiusX, float radiusY)
    {
        float kx = radiusX * KappaCircle, ky = radiusY * KappaCircle;
        float cx = centerX, cy = centerY;
        MoveTo(cx + radiusX, cy);
        CubicTo(cx + radiusX, cy + ky, cx + kx, cy + radiusY, cx, cy + radiusY);
        CubicTo(cx - kx, cy + radiusY, cx - radiusX, cy + ky, cx - radiusX, cy);
        CubicTo(cx - radiusX, cy - ky, cx - kx, cy - radiusY, cx, cy - radiusY);
        CubicTo(cx + kx, cy - radiusY, cx + radiusX, cy - ky, cx + radiusX, cy);
        return Close();
    }

    public PathBuilder AddCircle(float centerX, float centerY, float radius) => AddEllipse(centerX, centerY, radius, radius);

    /// <summary>A closed polygon through the given points.</summary>
    public PathBuilder AddPolygon(params ReadOnlySpan<Vector2> points)
    {
        if (points.Length == 0)
        {
            return this;
        }
        MoveTo(points[0]);
        for (int i = 1; i < points.Length; i++)
        {
            LineTo(points[i]);
        }
        return Close();
    }

    /// <summary>An open polyline (for strokes).</summary>
    public PathBuilder AddPolyline(params ReadOnlySpan<Vector2> points)
    {
        if (points.Length == 0)
        {
            return this;
        }
        MoveTo(points[0]);
        for (int i = 1; i < points.Length; i++)
        {
            LineTo(points[i]);
        }
        _open = false;
        return this;
    }

    /// <summary>Appends another path's contours, mapped by the current transform.</summary>
    public PathBuilder AddPath(VectorPath path)
    {
        ReadOnlySpan<Vector2> points = path.Points;
        foreach (Vector2 p in points)
        {
            _points.Add(Map(p));
        }
        _verbs.AddRange(path.Verbs);
        _open = false;
        return this;
    }

    public VectorPath Build() => new([.. _verbs], [.. _points]);

    // 4/3 * tan(pi/8): the cubic control distance that best approximates a quarter circle.
    private const float KappaCircle = 0.5522847498f;

    private Vector2 Map(Vector2 p) => Vector2.Transform(p, Transform);

    // New transforms apply to user points first, then the existing transform (canvas semantics).
    private PathBuilder Prepend(Matrix3x2 matrix)
    {
        Transform = matrix * Transform;
        return this;
    }

    private void RequireOpen(string verb)
    {
        if (!_open)
        {
            throw new InvalidOperationException($"PathBuilder.{verb} needs a MoveTo first.");
        }
    }
}
