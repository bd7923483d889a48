namespace EpochCompare.Imaging.Drawing;

/// <summary>One command of a <see cref="VectorPath"/>; the number of points it consumes follows the name.</summary>
public enum PathVerb : byte
{
    MoveTo,   // 1 point
    LineTo,   // 1 point
    QuadTo,   // 2 points: control, end
    CubicTo,  // 3 points: control 1, control 2, end
    Close,    // 0 points
}
