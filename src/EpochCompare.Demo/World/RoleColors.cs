using EpochCompare.Imaging;

namespace EpochCompare.Demo.World;

/// <summary>The base color of each part role for an object of a given body color.</summary>
public static class RoleColors
{
    public static Rgba32 For(PartRole role, Rgba32 body) => role switch
    {
        PartRole.Body => body,
        PartRole.BodyShade => Shade(body, 0.72f),
        PartRole.Metal => new Rgba32(160, 165, 175),
        PartRole.Dark => new Rgba32(45, 45, 52),
        PartRole.Wood => new Rgba32(125, 80, 45),
        PartRole.Glass => new Rgba32(185, 225, 245),
        PartRole.Leaf => new Rgba32(60, 150, 65),
        PartRole.Glow => new Rgba32(250, 215, 70),
        PartRole.Cloth => new Rgba32(245, 242, 232),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>Scales a color towards black (factor below 1).</summary>
    public static Rgba32 Shade(Rgba32 c, float factor) =>
        new((byte)(c.R * factor), (byte)(c.G * factor), (byte)(c.B * factor), c.A);

    /// <summary>Moves a color towards white by <paramref name="amount"/> (0..1).</summary>
    public static Rgba32 Tint(Rgba32 c, float amount) =>
        new((byte)(c.R + (255 - c.R) * amount), (byte)(c.G + (255 - c.G) * amount), (byte)(c.B + (255 - c.B) * amount), c.A);

    public static Rgba32 WithAlpha(Rgba32 c, byte alpha) => c with { A = alpha };
}
