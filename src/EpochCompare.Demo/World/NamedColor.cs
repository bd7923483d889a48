using EpochCompare.Imaging;

namespace EpochCompare.Demo.World;

/// <summary>A color with the word captions use for it.</summary>
public readonly record struct NamedColor(string Name, Rgba32 Value)
{
    /// <summary>Object colors: saturated and mutually distinct so "a red car" and "a blue car" differ clearly.</summary>
    public static IReadOnlyList<NamedColor> ObjectColors { get; } =
    [
        new("red", new Rgba32(214, 48, 49)),
        new("orange", new Rgba32(240, 130, 30)),
        new("yellow", new Rgba32(245, 205, 40)),
        new("green", new Rgba32(46, 160, 67)),
        new("blue", new Rgba32(40, 100, 220)),
        new("purple", new Rgba32(140, 70, 190)),
        new("pink", new Rgba32(240, 120, 170)),
        new("brown", new Rgba32(140, 90, 50)),
        new("gray", new Rgba32(130, 130, 135)),
    ];

    /// <summary>Plain backgrounds of the base world: muted, so objects stand out.</summary>
    public static IReadOnlyList<NamedColor> Backgrounds { get; } =
    [
        new("blue", new Rgba32(150, 185, 230)),
        new("green", new Rgba32(165, 210, 160)),
        new("yellow", new Rgba32(240, 225, 150)),
        new("pink", new Rgba32(235, 185, 200)),
        new("gray", new Rgba32(175, 175, 180)),
        new("purple", new Rgba32(195, 175, 225)),
        new("dark", new Rgba32(60, 62, 75)),
        new("beige", new Rgba32(225, 210, 185)),
    ];
}
