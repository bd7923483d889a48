using EpochCompare.Demo.World.Shapes;
using EpochCompare.Imaging;
using EpochCompare.Imaging.Drawing;

namespace EpochCompare.Demo.World;

/// <summary>Renders a <see cref="Scene"/> in one of the two looks. Deterministic: same scene, same pixels.</summary>
public static class WorldRenderer
{
    /// <summary>The side the base model trains on (64 px = 256 tokens of 48 channels for flux-tiny).</summary>
    public const int DefaultSize = 64;

    public static RgbaImage Render(Scene scene, WorldLook look, int size = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 16);
        var sketch = new ShapeSketch(scene.Placement(size));
        ConceptShape.For(scene.Concept).Sketch(sketch);
        var image = new RgbaImage(size, size);
        var canvas = new Canvas(image);
        // Line widths are designed at 64 px and scale with the image.
        float pixelScale = size / 64f;
        switch (look)
        {
            case WorldLook.Plain:
                PlainPainter.Paint(canvas, scene, sketch.Parts, pixelScale);
                break;
            case WorldLook.Ohwx:
                OhwxPainter.Paint(canvas, scene, sketch.Parts, pixelScale);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(look), look, null);
        }
        return image;
    }
}
