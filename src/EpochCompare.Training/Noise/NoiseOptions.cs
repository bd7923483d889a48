namespace EpochCompare.Training.Noise;

/// <summary>
/// The optional noise changes, applied in sd-scripts' order: offset first, then pyramid.
/// (sd-scripts accepts these for FLUX but its FLUX trainer ignores them; we apply them as the
/// generic SD path defines them.)
/// </summary>
public sealed record NoiseOptions
{
    public OffsetNoise? Offset { get; init; }
    public PyramidNoise? Pyramid { get; init; }

    public bool IsPlain => Offset is null && Pyramid is null;

    public void Apply(Span<float> noise, NoiseShape shape, IRandomSource random)
    {
        Offset?.Apply(noise, shape, random);
        Pyramid?.Apply(noise, shape, random);
    }
}
