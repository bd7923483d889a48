namespace EpochCompare.Evaluation.Preprocessing;

/// <summary>A single-channel float image, row-major. Values keep the 0..255 scale of 8-bit input.</summary>
public sealed class Plane
{
    public int Width { get; }
    public int Height { get; }
    public float[] Data { get; }

    public Plane(int width, int height)
        : this(width, height, new float[checked(width * height)])
    {
    }

    public Plane(int width, int height, float[] data)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Plane size must be positive, got {width}x{height}.");
        }
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != width * height)
        {
            throw new ArgumentException($"Plane {width}x{height} needs {width * height} values, got {data.Length}.", nameof(data));
        }
        Width = width;
        Height = height;
        Data = data;
    }

    public float this[int x, int y]
    {
        get => Data[y * Width + x];
        set => Data[y * Width + x] = value;
    }

    public Plane FlipHorizontal()
    {
        var flipped = new Plane(Width, Height);
        for (int y = 0; y < Height; y++)
        {
            int row = y * Width;
            for (int x = 0; x < Width; x++)
            {
                flipped.Data[row + x] = Data[row + Width - 1 - x];
            }
        }
        return flipped;
    }
}
