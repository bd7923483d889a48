namespace EpochCompare.Demo.World.Shapes;

/// <summary>Pointing right: long barrel, round cylinder, frame, trigger guard and a slanted wooden grip.</summary>
public sealed class RevolverShape : ConceptShape
{
    public override WorldConcept Concept => WorldConcept.Revolver;

    public override void Sketch(ShapeSketch s)
    {
        s.Part(PartRole.Wood, p => p.MoveTo(-30, -6).LineTo(-14, -6).LineTo(-18, 30).QuadTo(-30, 34, -38, 26).Close());
        s.Part(PartRole.Body, p => p.AddRoundedRectangle(-6, -16, 50, 9, 2));
        s.Part(PartRole.Body, p => p.AddRoundedRectangle(40, -20, 4, 5, 1));
        s.Part(PartRole.Body, p => p.MoveTo(-34, -16).LineTo(-4, -16).LineTo(-4, 2).LineTo(-30, 2).Close());
        s.Part(PartRole.BodyShade, p => p.AddRoundedRectangle(-14, -20, 18, 20, 5));
        s.Part(PartRole.Body, p => p.MoveTo(-36, -14).LineTo(-40, -24).LineTo(-32, -18).Close());
        s.Part(PartRole.Dark, p => p.AddEllipse(-10, 9, 9, 8).AddEllipse(-10, 9, 5.5f, 4.5f));
        s.Part(PartRole.Dark, p => p.MoveTo(-12, 2).LineTo(-9, 2).LineTo(-11, 11).Close());
    }
}
