namespace EpochCompare.Demo.World.Shapes;

/// <summary>A side view: long low body, a cabin with two windows, two dark wheels.</summary>
public sealed class CarShape : ConceptShape
{
    public override WorldConcept Concept => WorldConcept.Car;

    public override void Sketch(ShapeSketch s)
    {
        s.Part(PartRole.Body, p => p.MoveTo(-24, -2).LineTo(-14, -20).LineTo(14, -20).LineTo(26, -2).Close());
        s.Part(PartRole.Body, p => p.AddRoundedRectangle(-44, -4, 88, 22, 7));
        s.Part(PartRole.Glass, p => p.MoveTo(-19, -4).LineTo(-12, -16).LineTo(-2, -16).LineTo(-2, -4).Close());
        s.Part(PartRole.Glass, p => p.MoveTo(2, -4).LineTo(2, -16).LineTo(12, -16).LineTo(20, -4).Close());
        s.Part(PartRole.Dark, p => p.AddCircle(-24, 18, 10));
        s.Part(PartRole.Dark, p => p.AddCircle(24, 18, 10));
        s.Part(PartRole.Metal, p => p.AddCircle(-24, 18, 4));
        s.Part(PartRole.Metal, p => p.AddCircle(24, 18, 4));
        s.Part(PartRole.Glow, p => p.AddRoundedRectangle(38, 0, 6, 5, 2));
    }
}
