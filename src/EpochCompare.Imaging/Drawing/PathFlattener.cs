using System.Numerics;

namespace EpochCompare.Imaging.Drawing;

/// <summary>
/// Turns a path's curves into straight segments whose distance from the true curve stays under a
/// tolerance (in the path's units, i.e. device pixels for a path already placed on the canvas).
/// </summary>
public static class PathFlattener
{
    public const float DefaultTolerance = 0.05f;

    public static List<Polyline> Flatten(VectorPath path, float tolerance = DefaultTolerance)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tolerance);
        var contours = new List<Polyline>();
        List<Vector2>? current = null;
        ReadOnlySpan<Vector2> pts = path.Points;
        int pi = 0;
        foreach (PathVerb verb in path.Verbs)
        {
            switch (verb)
            {
                case PathVerb.MoveTo:
                    Finish(contours, current, closed: false);
                    current = [pts[pi++]];
                    break;
                case PathVerb.LineTo:
                    current!.Add(pts[pi++]);
                    break;
                case PathVerb.QuadTo:
                    AddQuad(current!, current![^1], pts[pi], pts[pi + 1], tolerance);
                    pi += 2;
                    break;
                case PathVerb.CubicTo:
                    AddCubic(current!, current![^1], pts[pi], pts[pi + 1], pts[pi + 2], tolerance);
                    pi += 3;
                    break;
                case PathVerb.Close:
                    Finish(contours, current, closed: true);
                    current = null;
                    break;
            }
        }
        Finish(contours, current, closed: false);
        return contours;
    }

    // Chord error over a parameter step h is at most |B''| h^2 / 8, and a quadratic's B'' = 2 (p0 - 2 p1 + p2).
    internal static int QuadSegments(Vector2 p0, Vector2 p1, Vector2 p2, float tolerance)
    {
        float dd = (p0 - 2 * p1 + p2).Length();
        return Math.Clamp((int)MathF.Ceiling(MathF.Sqrt(dd / (4 * tolerance))), 1, 1000);
    }

    // Wang's bound for cubics: n = sqrt(3/4 * max second difference / tolerance).
    internal static int CubicSegments(Vector2 p0, Vector2 p1, Vector2 p2, Vector2 p3, float tolerance)
    {
        float dd = MathF.Max((p0 - 2 * p1 + p2).Length(), (p1 - 2 * p2 + p3).Length());
        return Math.Clamp((int)MathF.Ceiling(MathF.Sqrt(0.75f * dd / tolerance)), 1, 1000);
    }

    private static void AddQuad(List<Vector2> output, Vector2 p0, Vector2 p1, Vector2 p2, float tolerance)
    {
        int n = QuadSegments(p0, p1, p2, tolerance);
        for (int i = 1; i <= n; i++)
        {
            float t = (float)i / n, u = 1 - t;
            output.Add(u * u * p0 + 2 * u * t * p1 + t * t * p2);
        }
    }

    private static void AddCubic(List<Vector2> output, Vector2 p0, Vector2 p1, Vector2 p2, Vector2 p3, float tolerance)
    {
        int n = CubicSegments(p0, p1, p2, p3, tolerance);
        for (int i = 1; i <= n; i++)
        {
            float t = (float)i / n, u = 1 - t;
            output.Add(u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3);
        }
    }

    private static void Finish(List<Polyline> contours, List<Vector2>? current, bool closed)
    {
        if (current is { Count: > 0 })
        {
            contours.Add(new Polyline(current, closed));
        }
    }
}
