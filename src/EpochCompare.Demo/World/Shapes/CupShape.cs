namespace EpochCompare.Demo.World.Shapes;

/// <summary>A mug with a side handle, standing on a flat saucer.</summary>
public sealed class CupShape : ConceptShape
{
    public override WorldConcept Concept => WorldConcept.Cup;

    public override void Sketch(ShapeSketch s)
    {
        s.Part(PartRole.Metal, p => p.AddEllipse(0, 30, 40, 7));
        s.Part(PartRole.Body, p => p.AddEllipse(26, 2, 15, 14).AddEllipse(26, 2, 8, 7));
        s.Part(PartRole.Body, p => p.MoveTo(-28, -24).LineTo(28, -24).LineTo(24, 20).QuadTo(0, 32, -24, 20).Close());
        s.Part(PartRole.Dark, p => p.AddEllipse(0, -24, 28, 5));
    }
}
