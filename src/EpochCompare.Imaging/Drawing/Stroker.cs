using System.Numerics;

namespace EpochCompare.Imaging.Drawing;

/// <summary>
/// Turns a path into the outline of its stroke: one quad per segment plus join and cap pieces, all
/// wound the same way, so a non-zero fill paints their union without seams or double-blending.
/// </summary>
public static class Stroker
{
    public static VectorPath Stroke(VectorPath path, StrokeStyle style, float tolerance = PathFlattener.DefaultTolerance)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(style.Width);
        var pieces = new List<Vector2[]>();
        foreach (Polyline contour in PathFlattener.Flatten(path, tolerance))
        {
            StrokeContour(Deduplicate(contour.Points), contour.Closed, style, tolerance, pieces);
        }
        var builder = new PathBuilder();
        foreach (Vector2[] piece in pieces)
        {
            if (SignedArea(piece) < 0)
            {
                Array.Reverse(piece);
            }
            builder.AddPolygon(piece);
        }
        return builder.Build();
    }

    private static void StrokeContour(List<Vector2> pts, bool closed, StrokeStyle style, float tolerance, List<Vector2[]> pieces)
    {
        float hw = style.Width / 2;
        if (pts.Count == 1)
        {
            // A lone point: visible only with round or square caps, like SVG.
            if (style.Cap == LineCap.Round) pieces.Add(Circle(pts[0], hw, tolerance));
            if (style.Cap == LineCap.Square) pieces.Add(Square(pts[0], hw));
            return;
        }
        if (closed && pts.Count > 2 && pts[0] == pts[^1])
        {
            pts.RemoveAt(pts.Count - 1);
        }
        int segments = closed ? pts.Count : pts.Count - 1;
        for (int i = 0; i < segments; i++)
        {
            Vector2 a = pts[i], b = pts[(i + 1) % pts.Count];
            Vector2 n = Normal(a, b) * hw;
            if (!closed && style.Cap == LineCap.Square)
            {
                Vector2 along = Vector2.Normalize(b - a) * hw;
                if (i == 0) a -= along;
                if (i == segments - 1) b += along;
            }
            pieces.Add([a + n, b + n, b - n, a - n]);
        }
        int firstJoin = closed ? 0 : 1;
        int lastJoin = closed ? pts.Count - 1 : pts.Count - 2;
        for (int i = firstJoin; i <= lastJoin; i++)
        {
            Vector2 prev = pts[(i - 1 + pts.Count) % pts.Count], p = pts[i], next = pts[(i + 1) % pts.Count];
            AddJoin(prev, p, next, hw, style, tolerance, pieces);
        }
        if (!closed && style.Cap == LineCap.Round)
        {
            pieces.Add(Circle(pts[0], hw, tolerance));
            pieces.Add(Circle(pts[^1], hw, tolerance));
        }
    }

    private static void AddJoin(Vector2 prev, Vector2 p, Vector2 next, float hw, StrokeStyle style, float tolerance, List<Vector2[]> pieces)
    {
        Vector2 n0 = Normal(prev, p), n1 = Normal(p, next);
        float turn = Cross(p - prev, next - p);
        if (MathF.Abs(turn) < 1e-9f && Vector2.Dot(n0, n1) > 0)
        {
            return; // straight on: the segment quads already meet flush
        }
        // Gentle turns (flattened curves) get a miter, which is indistinguishable there and far cheaper than a disc.
        if (style.Join == LineJoin.Round && Vector2.Dot(n0, n1) < 0.97f)
        {
            pieces.Add(Circle(p, hw, tolerance));
            return;
        }
        // The outer corner lies on the side away from the turn.
        float side = turn > 0 ? -1 : 1;
        Vector2 a = p + side * hw * n0, b = p + side * hw * n1;
        Vector2 m = n0 + n1;
        float mLengthSquared = m.LengthSquared();
        if (style.Join != LineJoin.Bevel && mLengthSquared > 1e-12f && 2 / MathF.Sqrt(mLengthSquared) <= style.MiterLimit)
        {
            Vector2 tip = p + side * hw * 2 / mLengthSquared * m;
            pieces.Add([p, a, tip, b]);
        }
        else
        {
            pieces.Add([p, a, b]);
        }
    }

    private static Vector2 Normal(Vector2 a, Vector2 b)
    {
        Vector2 d = Vector2.Normalize(b - a);
        return new Vector2(-d.Y, d.X);
    }

    private static float Cross(Vector2 a, Vector2 b) => a.X * b.Y - a.Y * b.X;

    internal static Vector2[] Circle(Vector2 center, float radius, float tolerance)
    {
        // Chord error r (1 - cos(pi / n)) <= tolerance.
        int n = radius <= tolerance ? 8 : (int)MathF.Ceiling(MathF.PI / MathF.Acos(1 - tolerance / radius));
        n = Math.Clamp(n, 8, 256);
        var points = new Vector2[n];
        for (int i = 0; i < n; i++)
        {
            float angle = 2 * MathF.PI * i / n;
            points[i] = center + radius * new Vector2(MathF.Cos(angle), MathF.Sin(angle));
        }
        return points;
    }

    private static Vector2[] Square(Vector2 c, float hw) =>
        [c + new Vector2(-hw, -hw), c + new Vector2(hw, -hw), c + new Vector2(hw, hw), c + new Vector2(-hw, hw)];

    private static List<Vector2> Deduplicate(List<Vector2> points)
    {
        var result = new List<Vector2>(points.Count);
        foreach (Vector2 p in points)
        {
            if (result.Count == 0 || Vector2.DistanceSquared(result[^1], p) > 1e-10f)
            {
                result.Add(p);
            }
        }
        return result;
    }

    internal static float SignedArea(ReadOnlySpan<Vector2> polygon)
    {
        float sum = 0;
        for (int i = 0; i < polygon.Length; i++)
        {
            Vector2 a = polygon[i], b = polygon[(i + 1) % polygon.Length];
            sum += a.X * b.Y - b.X * a.Y;
        }
        return sum / 2;
    }
}
