using System.Numerics;

namespace EpochCompare.Demo.World;

/// <summary>
/// Draws random scenes from a seed. <see cref="Random"/> with an explicit seed uses a fixed algorithm,
/// so the same seed gives the same scenes on every machine and .NET version.
/// </summary>
public sealed class SceneSampler(int seed)
{
    private readonly Random _random = new(seed);

    public Scene Next() => Next(WorldConcepts.All[_random.Next(WorldConcepts.All.Count)]);

    public Scene Next(WorldConcept concept)
    {
        NamedColor color = Pick(NamedColor.ObjectColors);
        NamedColor background = Pick(NamedColor.Backgrounds);
        float extent = Uniform(0.62f, 0.86f);
        var offset = new Vector2(Uniform(-0.07f, 0.07f), Uniform(-0.07f, 0.07f));
        float rotation = Uniform(-12f, 12f);
        bool mirrored = _random.Next(2) == 1;
        return new Scene(concept, color, background, extent, offset, rotation, mirrored);
    }

    /// <summary>A variant of a scene in another color (used to give the style dataset more objects).</summary>
    public Scene Recolor(Scene scene)
    {
        NamedColor color;
        do
        {
            color = Pick(NamedColor.ObjectColors);
        } while (color == scene.Color);
        return scene with { Color = color };
    }

    public int NextInt(int maxExclusive) => _random.Next(maxExclusive);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private float Uniform(float low, float high) => low + (float)_random.NextDouble() * (high - low);
}
