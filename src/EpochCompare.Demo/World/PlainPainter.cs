using EpochCompare.Imaging;
using EpochCompare.Imaging.Drawing;

namespace EpochCompare.Demo.World;

/// <summary>The base world's look: a flat background, flat-colored parts, a thin dark outline.</summary>
internal static class PlainPainter
{
    public static void Paint(Canvas canvas, Scene scene, IReadOnlyList<ShapePart> parts, float pixelScale)
    {
        canvas.FillRectangle(canvas.Bounds, scene.Background.Value);
        var outline = StrokeStyle.Of(0.9f * pixelScale);
        var ink = new Rgba32(30, 30, 36);
        foreach (ShapePart part in parts)
        {
            canvas.Fill(part.Path, RoleColors.For(part.Role, scene.Color.Value));
            canvas.Stroke(part.Path, ink, outline);
        }
    }
}
