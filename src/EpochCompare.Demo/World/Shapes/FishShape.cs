namespace EpochCompare.Demo.World.Shapes;

/// <summary>Swimming left: an oval body, a forked tail, a top fin and an eye.</summary>
public sealed class FishShape : ConceptShape
{
    public override WorldConcept Concept => WorldConcept.Fish;

    public override void Sketch(ShapeSketch s)
    {
        s.Part(PartRole.BodyShade, p => p.MoveTo(20, 0).LineTo(44, -20).LineTo(38, 0).LineTo(44, 20).Close());
        s.Part(PartRole.BodyShade, p => p.MoveTo(-10, -14).QuadTo(2, -32, 14, -14).Close());
        s.Part(PartRole.Body, p => p.AddEllipse(-6, 0, 32, 18));
        s.Part(PartRole.Dark, p => p.AddCircle(-24, -4, 4));
        s.Part(PartRole.BodyShade, p => p.MoveTo(-4, 2).QuadTo(4, 12, 10, 4).Close());
    }
}
