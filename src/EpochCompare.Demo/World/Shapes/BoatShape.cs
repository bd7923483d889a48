namespace EpochCompare.Demo.World.Shapes;

/// <summary>A sailing boat: a hull wider at the top, a mast and a triangular sail.</summary>
public sealed class BoatShape : ConceptShape
{
    public override WorldConcept Concept => WorldConcept.Boat;

    public override void Sketch(ShapeSketch s)
    {
        s.Part(PartRole.Wood, p => p.AddRectangle(-2, -42, 4, 56));
        s.Part(PartRole.Cloth, p => p.MoveTo(4, -40).LineTo(4, 8).LineTo(36, 8).Close());
        s.Part(PartRole.Cloth, p => p.MoveTo(-4, -30).LineTo(-4, 8).LineTo(-26, 8).Close());
        s.Part(PartRole.Body, p => p.MoveTo(-44, 12).LineTo(44, 12).LineTo(32, 32).LineTo(-32, 32).Close());
        s.Part(PartRole.BodyShade, p => p.AddRectangle(-38, 16, 76, 4));
    }
}
