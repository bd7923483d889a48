using EpochCompare.Flux.Sampling;

namespace EpochCompare.Training.Noise;

/// <summary>
/// The training generator: one mt19937 stream with PyTorch's CPU algorithms for randn and rand (float32)
/// and Python's for random.random(), so every draw is reproducible from the seed alone.
/// </summary>
public sealed class TorchRandomSource(ulong seed) : IRandomSource
{
    private readonly Mt19937 _generator = new(seed);

    public void FillNormal(Span<float> destination) => TorchRandn.Fill(_generator, destination, NoiseDType.Float32);

    /// <summary>torch.rand for float32: 24 random bits per value, scaled by 2^-24.</summary>
    public void FillUniform(Span<float> destination)
    {
        const float scale = 1f / (1 << 24);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (_generator.NextUInt32() & 0xFFFFFF) * scale;
        }
    }

    /// <summary>Python's random.random(): 53 bits from two draws, (a >> 5) * 2^26 + (b >> 6), scaled by 2^-53.</summary>
    public double NextDouble()
    {
        uint a = _generator.NextUInt32() >> 5;
        uint b = _generator.NextUInt32() >> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }
}
