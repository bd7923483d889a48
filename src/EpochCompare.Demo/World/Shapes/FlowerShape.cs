namespace EpochCompare.Demo.World.Shapes;

/// <summary>A stem with a leaf under a round head of six petals and a yellow centre.</summary>
public sealed class FlowerShape : ConceptShape
{
    public override WorldConcept Concept => WorldConcept.Flower;

    public override void Sketch(ShapeSketch s)
    {
        s.Part(PartRole.Leaf, p => p.AddRectangle(-2.5f, -8, 5, 52));
        s.Part(PartRole.Leaf, p => p.MoveTo(0, 26).QuadTo(16, 10, 26, 18).QuadTo(14, 30, 0, 26).Close());
        s.Part(PartRole.Body, p =>
        {
            for (int i = 0; i < 6; i++)
            {
                float angle = i * MathF.PI / 3;
                p.AddCircle(15 * MathF.Cos(angle), -18 + 15 * MathF.Sin(angle), 10);
            }
        });
        s.Part(PartRole.Glow, p => p.AddCircle(0, -18, 8));
    }
}
