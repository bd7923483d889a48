namespace EpochCompare.Demo.World.Shapes;

/// <summary>A side view: a tall backrest, a seat and two legs.</summary>
public sealed class ChairShape : ConceptShape
{
    public override WorldConcept Concept => WorldConcept.Chair;

    public override void Sketch(ShapeSketch s)
    {
        s.Part(PartRole.BodyShade, p => p.AddRectangle(-24, 0, 6, 42));
        s.Part(PartRole.BodyShade, p => p.AddRectangle(18, 0, 6, 42));
        s.Part(PartRole.Body, p => p.AddRoundedRectangle(-28, -44, 10, 48, 3));
        s.Part(PartRole.Body, p => p.AddRoundedRectangle(-28, -6, 56, 10, 3));
        s.Part(PartRole.Cloth, p => p.AddRoundedRectangle(-18, -38, 4, 30, 2));
    }
}
