namespace EpochCompare.Demo.World.Shapes;

/// <summary>A trunk under a cloud-like crown of three overlapping circles.</summary>
public sealed class TreeShape : ConceptShape
{
    public override WorldConcept Concept => WorldConcept.Tree;

    public override void Sketch(ShapeSketch s)
    {
        s.Part(PartRole.Wood, p => p.MoveTo(-7, 42).LineTo(-5, 0).LineTo(5, 0).LineTo(7, 42).Close());
        s.Part(PartRole.Body, p => p.AddCircle(-16, -6, 17).AddCircle(16, -6, 17).AddCircle(0, -22, 20));
        s.Part(PartRole.BodyShade, p => p.AddCircle(-6, -2, 6).AddCircle(10, -16, 5));
    }
}
