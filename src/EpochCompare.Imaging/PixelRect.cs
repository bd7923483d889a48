namespace EpochCompare.Imaging;

/// <summary>An integer pixel rectangle: columns X .. X+Width-1, rows Y .. Y+Height-1.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;

    public int Bottom => Y + Height;

    public bool IsEmpty => Width <= 0 || Height <= 0;

    public PixelRect Intersect(PixelRect other)
    {
        int x0 = Math.Max(X, other.X), y0 = Math.Max(Y, other.Y);
        int x1 = Math.Min(Right, other.Right), y1 = Math.Min(Bottom, other.Bottom);
        return x1 <= x0 || y1 <= y0 ? default : new PixelRect(x0, y0, x1 - x0, y1 - y0);
    }
}
