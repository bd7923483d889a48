using System.Numerics;

namespace EpochCompare.Imaging.Drawing;

/// <summary>Colors vary along the line from <c>start</c> (offset 0) to <c>end</c> (offset 1), constant across it.</summary>
public sealed class LinearGradientBrush : Brush
{
    private readonly Vector2 _start;
    private readonly Vector2 _axis; // (end - start) / |end - start|^2, so dot gives the offset
    private readonly GradientRamp _ramp;

    public LinearGradientBrush(Vector2 start, Vector2 end, params GradientStop[] stops)
    {
        Vector2 d = end - start;
        float lengthSquared = d.LengthSquared();
        _start = start;
        _axis = lengthSquared > 0 ? d / lengthSquared : Vector2.Zero;
        _ramp = new GradientRamp(stops);
    }

    internal override void Shade(int x, int y, Span<Rgba32> output)
    {
        float py = y + 0.5f - _start.Y;
        for (int i = 0; i < output.Length; i++)
        {
            float px = x + i + 0.5f - _start.X;
            output[i] = _ramp[px * _axis.X + py * _axis.Y];
        }
    }
}
