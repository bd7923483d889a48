using EpochCompare.Imaging;
using SkiaSharp;

namespace EpochCompare.Demo.World;

/// <summary>
/// The style the demo LoRA learns: white background, a soft drop shadow, a thick soft outline around
/// the whole object, parts shaded with radial gradients (light top-left, dark bottom-right) and
/// glossy highlights on the body.
/// </summary>
internal static class OhwxPainter
{
    public static void Paint(SKCanvas canvas, Scene scene, IReadOnlyList<ShapePart> parts, float pixelScale)
    {
        canvas.Clear(SKColors.White);
        DrawShadow(canvas, Bounds(parts), pixelScale);

        // Outline first, under every fill: only its outer half shows, so it hugs the silhouette.
        Rgba32 outlineColor = RoleColors.Shade(scene.Color.Value, 0.45f);
        using (var soft = new WorldStroke(RoleColors.WithAlpha(outlineColor, 90), 5.2f * pixelScale))
        {
            foreach (ShapePart part in parts)
            {
                soft.Draw(canvas, part.Path);
            }
        }
        using (var firm = new WorldStroke(outlineColor, 3.4f * pixelScale))
        {
            foreach (ShapePart part in parts)
            {
                firm.Draw(canvas, part.Path);
            }
        }

        using SKPaint shaded = WorldPaints.Fill(Rgba32.White);
        foreach (ShapePart part in parts)
        {
            Rgba32 baseColor = RoleColors.For(part.Role, scene.Color.Value);
            // Placed by the control-point box (SKPath.Bounds), as the style was designed.
            SKRect box = part.Path.Bounds;
            var light = new SKPoint(box.Left + box.Width * 0.3f, box.Top + box.Height * 0.25f);
            float radius = MathF.Max(2f, MathF.Sqrt(box.Width * box.Width + box.Height * box.Height) * 0.85f);
            using SKShader shading = SKShader.CreateRadialGradient(light, radius,
                [WorldPaints.Color(RoleColors.Tint(baseColor, 0.55f)), WorldPaints.Color(baseColor), WorldPaints.Color(RoleColors.Shade(baseColor, 0.7f))],
                [0f, 0.45f, 1f], SKShaderTileMode.Clamp);
            shaded.Shader = shading;
            canvas.DrawPath(part.Path, shaded);
            shaded.Shader = null;
        }

        using SKPaint gloss = WorldPaints.Fill(new Rgba32(255, 255, 255, 170));
        foreach (ShapePart part in parts)
        {
            if (part.Role is not (PartRole.Body or PartRole.Metal or PartRole.Glass))
            {
                continue;
            }
            SKRect box = part.Path.Bounds;
            if (box.Width < 4 * pixelScale || box.Height < 4 * pixelScale)
            {
                continue;
            }
            canvas.DrawOval(box.Left + box.Width * 0.32f, box.Top + box.Height * 0.27f, box.Width * 0.16f, box.Height * 0.09f, gloss);
        }
    }

    private static void DrawShadow(SKCanvas canvas, SKRect bounds, float pixelScale)
    {
        float cx = bounds.MidX, width = bounds.Width * 0.45f;
        float y = bounds.Bottom + 1.5f * pixelScale;
        using SKPaint shadow = WorldPaints.Fill(new Rgba32(0, 0, 0, 28));
        canvas.DrawOval(cx, y, width, 2.5f * pixelScale, shadow);
    }

    private static SKRect Bounds(IReadOnlyList<ShapePart> parts)
    {
        SKRect all = parts[0].Path.Bounds;
        foreach (ShapePart part in parts)
        {
            all.Union(part.Path.Bounds);
        }
        return all;
    }
}
