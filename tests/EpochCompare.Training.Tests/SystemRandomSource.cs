using EpochCompare.Training.Noise;

namespace EpochCompare.Training.Tests;

/// <summary>A plain seeded source for statistical tests (Box-Muller over System.Random); not the training generator.</summary>
internal sealed class SystemRandomSource(int seed) : IRandomSource
{
    private readonly Random _random = new(seed);

    public void FillNormal(Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            double u1 = 1.0 - _random.NextDouble();
            double u2 = _random.NextDouble();
            destination[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
    }

    public void FillUniform(Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)_random.NextDouble();
        }
    }

    public double NextDouble() => _random.NextDouble();
}
