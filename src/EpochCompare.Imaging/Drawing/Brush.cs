namespace EpochCompare.Imaging.Drawing;

/// <summary>What a fill paints with: one color or a color per pixel (gradients).</summary>
public abstract class Brush
{
    public static implicit operator Brush(Rgba32 color) => new SolidBrush(color);

    /// <summary>Colors at the centers of pixels (x .. x + output.Length - 1, y).</summary>
    internal abstract void Shade(int x, int y, Span<Rgba32> output);
}

public sealed class SolidBrush(Rgba32 color) : Brush
{
    public Rgba32 Color { get; } = color;

    internal override void Shade(int x, int y, Span<Rgba32> output) => output.Fill(Color);
}
