namespace EpochCompare.Imaging.Drawing;

public enum LineJoin
{
    Miter,
    Round,
    Bevel,
}

public enum LineCap
{
    Butt,
    Round,
    Square,
}

/// <summary>How a stroke outlines a path: width in pixels, corner and end shapes.</summary>
public sealed record StrokeStyle(float Width, LineJoin Join = LineJoin.Round, LineCap Cap = LineCap.Round, float MiterLimit = 4)
{
    public static StrokeStyle Of(float width) => new(width);
}
