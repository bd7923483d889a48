using System.Numerics;

namespace EpochCompare.Imaging.Drawing;

/// <summary>One flattened contour: straight segments through <see cref="Points"/>.</summary>
public sealed class Polyline(List<Vector2> points, bool closed)
{
    public List<Vector2> Points { get; } = points;

    /// <summary>True when the contour ended with Close (strokes join the ends); fills close every contour.</summary>
    public bool Closed { get; } = closed;
}
