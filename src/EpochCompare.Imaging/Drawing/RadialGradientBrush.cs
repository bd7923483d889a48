using System.Numerics;

namespace EpochCompare.Imaging.Drawing;

/// <summary>Colors vary with the distance from <c>center</c>: offset 0 there, 1 at <c>radius</c>.</summary>
public sealed class RadialGradientBrush : Brush
{
    private readonly Vector2 _center;
    private readonly float _inverseRadius;
    private readonly GradientRamp _ramp;

    public RadialGradientBrush(Vector2 center, float radius, params GradientStop[] stops)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(radius);
        _center = center;
        _inverseRadius = 1 / radius;
        _ramp = new GradientRamp(stops);
    }

    internal override void Shade(int x, int y, Span<Rgba32> output)
    {
        float dy = y + 0.5f - _center.Y;
        for (int i = 0; i < output.Length; i++)
        {
            float dx = x + i + 0.5f - _center.X;
            output[i] = _ramp[MathF.Sqrt(dx * dx + dy * dy) * _inverseRadius];
        }
    }
}
