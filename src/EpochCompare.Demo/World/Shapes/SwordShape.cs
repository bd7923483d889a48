namespace EpochCompare.Demo.World.Shapes;

/// <summary>Diagonal, tip up-right: a long pointed blade, a crossguard, a wrapped hilt and a round pommel.</summary>
public sealed class SwordShape : ConceptShape
{
    public override WorldConcept Concept => WorldConcept.Sword;

    public override void Sketch(ShapeSketch s)
    {
        s.Part(PartRole.Metal, p => p.Rotate(-45 * MathF.PI / 180f).MoveTo(-18, -4.5f).LineTo(44, -4.5f).LineTo(54, 0).LineTo(44, 4.5f).LineTo(-18, 4.5f).Close());
        s.RotatedRectangle(PartRole.Body, -14, 14, 30, 7, 45, 3);
        s.RotatedRectangle(PartRole.Wood, -25, 25, 20, 7, -45, 2);
        s.Part(PartRole.Body, p => p.AddCircle(-34, 34, 6));
    }
}
