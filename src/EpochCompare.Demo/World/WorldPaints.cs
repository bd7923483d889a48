using EpochCompare.Imaging;
using SkiaSharp;

namespace EpochCompare.Demo.World;

/// <summary>The paints both looks draw with: antialiased, source-over.</summary>
internal static class WorldPaints
{
    public static SKColor Color(Rgba32 c) => new(c.R, c.G, c.B, c.A);

    public static SKPaint Fill(Rgba32 color) => new() { Color = Color(color), IsAntialias = true, Style = SKPaintStyle.Fill };
}
