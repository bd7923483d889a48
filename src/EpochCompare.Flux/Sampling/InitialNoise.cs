using static TorchSharp.torch;

namespace EpochCompare.Flux.Sampling;

/// <summary>
/// A column's starting noise: per seed, torch.randn(1, C, h, w) from LibTorch's CPU generator seeded with the
/// seed (PyTorch's noise bit for bit, drawn in the requested dtype), packed into 2x2 patch tokens, one row per seed.
/// </summary>
public static class InitialNoise
{
    /// <summary>Packed noise [B, L, C*4] in float32 on <paramref name="device"/>.</summary>
    public static Tensor Tokens(IReadOnlyList<ulong> seeds, SampleGeometry geometry, NoiseDType dtype, Device device)
    {
        int perSeed = geometry.ImageTokens * geometry.TokenChannels;
        var tokens = new float[seeds.Count * perSeed];
        for (int b = 0; b < seeds.Count; b++)
        {
            float[] noise = Draw(seeds[b], geometry.NoiseShape, dtype);
            LatentPacking.Pack(noise, 1, geometry.LatentChannels, geometry.LatentHeight, geometry.LatentWidth).CopyTo(tokens, b * perSeed);
        }
        using Tensor cpu = tensor(tokens, [seeds.Count, geometry.ImageTokens, geometry.TokenChannels]);
        return cpu.to(device);
    }

    /// <summary>torch.randn(shape, generator=Generator().manual_seed(seed), dtype) as float32 values.</summary>
    public static float[] Draw(ulong seed, IReadOnlyList<int> shape, NoiseDType dtype)
    {
        using var generator = new Generator(seed);
        ScalarType scalar = dtype == NoiseDType.BFloat16 ? ScalarType.BFloat16 : ScalarType.Float32;
        using Tensor noise = randn([.. shape.Select(d => (long)d)], dtype: scalar, generator: generator);
        using Tensor asFloat = noise.to_type(ScalarType.Float32);
        return asFloat.data<float>().ToArray();
    }
}
