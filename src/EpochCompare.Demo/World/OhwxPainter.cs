using System.Numerics;
using EpochCompare.Imaging;
using EpochCompare.Imaging.Drawing;

namespace EpochCompare.Demo.World;

/// <summary>
/// The style the demo LoRA learns: white background, a soft drop shadow, a thick soft outline around
/// the whole object, parts shaded with radial gradients (light top-left, dark bottom-right) and
/// glossy highlights on the body.
/// </summary>
internal static class OhwxPainter
{
    public static void Paint(Canvas canvas, Scene scene, IReadOnlyList<ShapePart> parts, float pixelScale)
    {
        canvas.FillRectangle(canvas.Bounds, Rgba32.White);
        (Vector2 min, Vector2 max) = Bounds(parts);
        DrawShadow(canvas, min, max, pixelScale);

        // Outline first, under every fill: only its outer half shows, so it hugs the silhouette.
        Rgba32 outlineColor = RoleColors.Shade(scene.Color.Value, 0.45f);
        var soft = new StrokeStyle(5.2f * pixelScale, LineJoin.Round, LineCap.Round);
        var firm = new StrokeStyle(3.4f * pixelScale, LineJoin.Round, LineCap.Round);
        foreach (ShapePart part in parts)
        {
            canvas.Stroke(part.Path, RoleColors.WithAlpha(outlineColor, 90), soft);
        }
        foreach (ShapePart part in parts)
        {
            canvas.Stroke(part.Path, outlineColor, firm);
        }

        foreach (ShapePart part in parts)
        {
            Rgba32 baseColor = RoleColors.For(part.Role, scene.Color.Value);
            (Vector2 pmin, Vector2 pmax) = part.Path.ControlBounds();
            Vector2 size = pmax - pmin;
            Vector2 light = pmin + size * new Vector2(0.3f, 0.25f);
            float radius = MathF.Max(2f, size.Length() * 0.85f);
            var shading = new RadialGradientBrush(light, radius,
                new GradientStop(0f, RoleColors.Tint(baseColor, 0.55f)),
                new GradientStop(0.45f, baseColor),
                new GradientStop(1f, RoleColors.Shade(baseColor, 0.7f)));
            canvas.Fill(part.Path, shading);
        }

        foreach (ShapePart part in parts)
        {
            if (part.Role is not (PartRole.Body or PartRole.Metal or PartRole.Glass))
            {
                continue;
            }
            (Vector2 pmin, Vector2 pmax) = part.Path.ControlBounds();
            Vector2 size = pmax - pmin;
            if (size.X < 4 * pixelScale || size.Y < 4 * pixelScale)
            {
                continue;
            }
            VectorPath gloss = new PathBuilder()
                .AddEllipse(pmin.X + size.X * 0.32f, pmin.Y + size.Y * 0.27f, size.X * 0.16f, size.Y * 0.09f)
                .Build();
            canvas.Fill(gloss, new Rgba32(255, 255, 255, 170));
        }
    }

    private static void DrawShadow(Canvas canvas, Vector2 min, Vector2 max, float pixelScale)
    {
        float cx = (min.X + max.X) / 2, width = (max.X - min.X) * 0.45f;
        float y = max.Y + 1.5f * pixelScale;
        VectorPath shadow = new PathBuilder().AddEllipse(cx, y, width, 2.5f * pixelScale).Build();
        canvas.Fill(shadow, new Rgba32(0, 0, 0, 28));
    }

    private static (Vector2 Min, Vector2 Max) Bounds(IReadOnlyList<ShapePart> parts)
    {
        var min = new Vector2(float.MaxValue);
        var max = new Vector2(float.MinValue);
        foreach (ShapePart part in parts)
        {
            (Vector2 pmin, Vector2 pmax) = part.Path.ControlBounds();
            min = Vector2.Min(min, pmin);
            max = Vector2.Max(max, pmax);
        }
        return (min, max);
    }
}
