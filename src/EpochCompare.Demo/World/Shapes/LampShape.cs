namespace EpochCompare.Demo.World.Shapes;

/// <summary>A table lamp: a flat base, a thin stem, a wide shade and a glowing bulb under it.</summary>
public sealed class LampShape : ConceptShape
{
    public override WorldConcept Concept => WorldConcept.Lamp;

    public override void Sketch(ShapeSketch s)
    {
        s.Part(PartRole.Metal, p => p.AddRectangle(-2.5f, -12, 5, 48));
        s.Part(PartRole.Metal, p => p.AddEllipse(0, 38, 22, 6));
        s.Part(PartRole.Glow, p => p.AddCircle(0, -10, 8));
        s.Part(PartRole.Body, p => p.MoveTo(-14, -42).LineTo(14, -42).LineTo(30, -12).LineTo(-30, -12).Close());
        s.Part(PartRole.BodyShade, p => p.AddRectangle(-30, -14, 60, 3));
    }
}
