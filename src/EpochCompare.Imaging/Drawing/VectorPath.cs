using System.Numerics;

namespace EpochCompare.Imaging.Drawing;

/// <summary>
/// An immutable vector path in pixel coordinates (y down): contours of lines and Bézier curves.
/// Built with <see cref="PathBuilder"/>; curves stay exact until a fill flattens them at device resolution.
/// </summary>
public sealed class VectorPath
{
    private readonly PathVerb[] _verbs;
    private readonly Vector2[] _points;

    internal VectorPath(PathVerb[] verbs, Vector2[] points)
    {
        _verbs = verbs;
        _points = points;
    }

    public static VectorPath Empty { get; } = new([], []);

    public ReadOnlySpan<PathVerb> Verbs => _verbs;

    public ReadOnlySpan<Vector2> Points => _points;

    public bool IsEmpty => _verbs.Length == 0;

    /// <summary>The same path with every point mapped by an affine transform (exact for Bézier curves).</summary>
    public VectorPath Transform(Matrix3x2 matrix)
    {
        var points = new Vector2[_points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = Vector2.Transform(_points[i], matrix);
        }
        return new VectorPath(_verbs, points);
    }

    /// <summary>The box of all points, control points included (so it contains the curve).</summary>
    public (Vector2 Min, Vector2 Max) ControlBounds()
    {
        if (_points.Length == 0)
        {
            return (Vector2.Zero, Vector2.Zero);
        }
        Vector2 min = _points[0], max = _points[0];
        foreach (Vector2 p in _points)
        {
            min = Vector2.Min(min, p);
            max = Vector2.Max(max, p);
        }
        return (min, max);
    }

    /// <summary>Concatenates paths into one (contours stay separate).</summary>
    public static VectorPath Combine(params IEnumerable<VectorPath> paths)
    {
        var verbs = new List<PathVerb>();
        var points = new List<Vector2>();
        foreach (VectorPath path in paths)
        {
            verbs.AddRange(path._verbs);
            points.AddRange(path._points);
        }
        return new VectorPath([.. verbs], [.. points]);
    }
}
