namespace EpochCompare.Training.Noise;

/// <summary>
/// The random numbers a training step draws: standard normals (torch.randn), uniforms in [0, 1)
/// (torch.rand) and single doubles (Python's random.random, used by kohya's pyramid noise).
/// A source is created per step from (seed, step), so a resumed run draws exactly what an
/// uninterrupted one would have drawn.
/// </summary>
public interface IRandomSource
{
    void FillNormal(Span<float> destination);

    void FillUniform(Span<float> destination);

    double NextDouble();
}
