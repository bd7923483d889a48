using System.Numerics;

namespace EpochCompare.Demo.World;

/// <summary>
/// Everything that varies between two pictures of the world. Sizes are fractions of the image side,
/// so one scene renders the same at any resolution.
/// </summary>
/// <param name="Extent">Side of the object's 100-unit box as a fraction of the image side.</param>
/// <param name="Offset">Shift of the object's centre from the image centre, as fractions of the side.</param>
public sealed record Scene(
    WorldConcept Concept,
    NamedColor Color,
    NamedColor Background,
    float Extent,
    Vector2 Offset,
    float RotationDegrees,
    bool Mirrored)
{
    /// <summary>Maps the object's 100-unit box onto an image of the given side.</summary>
    public Matrix3x2 Placement(int size)
    {
        float unit = size * Extent / 100f;
        Vector2 center = new Vector2(size / 2f) + Offset * size;
        return Matrix3x2.CreateScale(Mirrored ? -unit : unit, unit)
            * Matrix3x2.CreateRotation(RotationDegrees * MathF.PI / 180f)
            * Matrix3x2.CreateTranslation(center);
    }
}
