namespace EpochCompare.Training.Noise;

/// <summary>The (batch, channels, height, width) layout of a latent noise tensor, row-major.</summary>
public readonly record struct NoiseShape(int Batch, int Channels, int Height, int Width)
{
    public int Planes => Batch * Channels;
    public int PlaneSize => Height * Width;
    public int Count => Planes * PlaneSize;

    public void RequireLength(int length, string what)
    {
        if (length != Count)
        {
            throw new ArgumentException($"{what}: {length} values do not fill shape ({Batch}, {Channels}, {Height}, {Width}).");
        }
    }
}
