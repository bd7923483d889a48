using System.Numerics;
using SkiaSharp;

namespace EpochCompare.Demo.World;

/// <summary>One filled part of an object: its outline in pixel coordinates (non-zero fill) and what it is made of.</summary>
public sealed record ShapePart(PartRole Role, SKPath Path);

/// <summary>
/// Collects the parts of one object. Shapes draw in a 100-unit box centred on (0, 0), y down;
/// the sketch maps that box onto the image with the scene's placement. Owns the parts' Skia paths.
/// </summary>
public sealed class ShapeSketch(Matrix3x2 placement) : IDisposable
{
    private readonly List<ShapePart> _parts = [];

    public IReadOnlyList<ShapePart> Parts => _parts;

    /// <summary>Adds a part drawn back to front: later parts cover earlier ones.</summary>
    public ShapeSketch Part(PartRole role, Action<ShapePen> draw)
    {
        using var builder = new SKPathBuilder { FillType = SKPathFillType.Winding };
        draw(new ShapePen(builder, placement));
        _parts.Add(new ShapePart(role, builder.Detach()));
        return this;
    }

    /// <summary>A rectangle rotated about its own centre, handy for blades, legs and masts.</summary>
    public ShapeSketch RotatedRectangle(PartRole role, float centerX, float centerY, float width, float height, float degrees, float cornerRadius = 0) =>
        Part(role, p =>
        {
            p.Translate(centerX, centerY).Rotate(degrees * MathF.PI / 180f);
            p.AddRoundedRectangle(-width / 2, -height / 2, width, height, cornerRadius);
        });

    public void Dispose()
    {
        foreach (ShapePart part in _parts)
        {
            part.Path.Dispose();
        }
        _parts.Clear();
    }
}
