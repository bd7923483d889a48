namespace EpochCompare.Demo.World.Shapes;

/// <summary>Lying flat: a ring bow on the left, a long shaft and two teeth.</summary>
public sealed class KeyShape : ConceptShape
{
    public override WorldConcept Concept => WorldConcept.Key;

    public override void Sketch(ShapeSketch s)
    {
        s.Part(PartRole.Body, p =>
        {
            // The inner circle runs the other way round so non-zero filling leaves a hole.
            p.AddCircle(-26, 0, 16);
            p.MoveTo(-26 + 8, 0).CubicTo(-18, -4.4f, -21.6f, -8, -26, -8).CubicTo(-30.4f, -8, -34, -4.4f, -34, 0)
             .CubicTo(-34, 4.4f, -30.4f, 8, -26, 8).CubicTo(-21.6f, 8, -18, 4.4f, -18, 0).Close();
        });
        s.Part(PartRole.Body, p => p.AddRectangle(-12, -4, 56, 8));
        s.Part(PartRole.Body, p => p.AddRectangle(30, 4, 6, 12));
        s.Part(PartRole.Body, p => p.AddRectangle(40, 4, 4, 9));
        s.Part(PartRole.BodyShade, p => p.AddRectangle(-12, -1, 56, 2));
    }
}
