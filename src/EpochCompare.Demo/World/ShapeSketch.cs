using System.Numerics;
using EpochCompare.Imaging.Drawing;

namespace EpochCompare.Demo.World;

/// <summary>One filled part of an object: its outline in pixel coordinates and what it is made of.</summary>
public sealed record ShapePart(PartRole Role, VectorPath Path);

/// <summary>
/// Collects the parts of one object. Shapes draw in a 100-unit box centred on (0, 0), y down;
/// the sketch maps that box onto the image with the scene's placement.
/// </summary>
public sealed class ShapeSketch(Matrix3x2 placement)
{
    private readonly List<ShapePart> _parts = [];

    public IReadOnlyList<ShapePart> Parts => _parts;

    /// <summary>Adds a part drawn back to front: later parts cover earlier ones.</summary>
    public ShapeSketch Part(PartRole role, Action<PathBuilder> draw)
    {
        var builder = new PathBuilder { Transform = placement };
        draw(builder);
        _parts.Add(new ShapePart(role, builder.Build()));
        return this;
    }

    /// <summary>A rectangle rotated about its own centre, handy for blades, legs and masts.</summary>
    public ShapeSketch RotatedRectangle(PartRole role, float centerX, float centerY, float width, float height, float degrees, float cornerRadius = 0) =>
        Part(role, p =>
        {
            p.Translate(centerX, centerY).Rotate(degrees * MathF.PI / 180f);
            p.AddRoundedRectangle(-width / 2, -height / 2, width, height, cornerRadius);
        });
}
