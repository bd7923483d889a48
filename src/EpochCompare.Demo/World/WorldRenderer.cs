using EpochCompare.Demo.World.Shapes;
using EpochCompare.Imaging;
using SkiaSharp;

namespace EpochCompare.Demo.World;

/// <summary>Renders a <see cref="Scene"/> in one of the two looks with Skia. Deterministic: same scene, same pixels.</summary>
public static class WorldRenderer
{
    /// <summary>The side the base model trains on (64 px = 256 tokens of 48 channels for flux-tiny).</summary>
    public const int DefaultSize = 64;

    public static RgbaImage Render(Scene scene, WorldLook look, int size = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 16);
        using var sketch = new ShapeSketch(scene.Placement(size));
        ConceptShape.For(scene.Concept).Sketch(sketch);
        var image = new RgbaImage(size, size);
        // Both looks start with an opaque background, so premultiplied and straight RGBA are the same bytes:
        // Skia draws straight into the image's pinned pixels.
        var info = new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul);
        unsafe
        {
            fixed (byte* pixels = image.Pixels)
            {
                using SKSurface surface = SKSurface.Create(info, (IntPtr)pixels, image.Stride)
                    ?? throw new InvalidOperationException($"Skia could not draw onto a {size}x{size} image.");
                // Line widths are designed at 64 px and scale with the image.
                float pixelScale = size / 64f;
                switch (look)
                {
                    case WorldLook.Plain:
                        PlainPainter.Paint(surface.Canvas, scene, sketch.Parts, pixelScale);
                        break;
                    case WorldLook.Ohwx:
                        OhwxPainter.Paint(surface.Canvas, scene, sketch.Parts, pixelScale);
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(look), look, null);
                }
                surface.Canvas.Flush();
            }
        }
        return image;
    }
}
