using SkiaSharp;

namespace EpochCompare.Demo.World;

/// <summary>The base world's look: a flat background, flat-colored parts, a thin dark outline.</summary>
internal static class PlainPainter
{
    public static void Paint(SKCanvas canvas, Scene scene, IReadOnlyList<ShapePart> parts, float pixelScale)
    {
        canvas.Clear(WorldPaints.Color(scene.Background.Value));
        using SKPaint fill = WorldPaints.Fill(scene.Color.Value);
        using var outline = new WorldStroke(new(30, 30, 36), 0.9f * pixelScale);
        foreach (ShapePart part in parts)
        {
            fill.Color = WorldPaints.Color(RoleColors.For(part.Role, scene.Color.Value));
            canvas.DrawPath(part.Path, fill);
            outline.Draw(canvas, part.Path);
        }
    }
}
