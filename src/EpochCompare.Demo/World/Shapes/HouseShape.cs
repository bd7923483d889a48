namespace EpochCompare.Demo.World.Shapes;

/// <summary>A front view: square walls, a pointed roof, a door and two windows.</summary>
public sealed class HouseShape : ConceptShape
{
    public override WorldConcept Concept => WorldConcept.House;

    public override void Sketch(ShapeSketch s)
    {
        s.Part(PartRole.Body, p => p.AddRectangle(-32, -8, 64, 46));
        s.Part(PartRole.BodyShade, p => p.MoveTo(-42, -6).LineTo(0, -42).LineTo(42, -6).Close());
        s.Part(PartRole.Wood, p => p.AddRectangle(-8, 14, 16, 24));
        s.Part(PartRole.Glass, p => p.AddRectangle(-26, 2, 13, 12));
        s.Part(PartRole.Glass, p => p.AddRectangle(13, 2, 13, 12));
        s.Part(PartRole.Dark, p => p.AddRectangle(18, -36, 8, 16));
    }
}
