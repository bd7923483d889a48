using EpochCompare.Flux.SafeTensors;
using TorchSharp;

namespace EpochCompare.Flux.Tests.Sampling;

/// <summary>LibTorch's own CPU generator, seeded per image, reproduces PyTorch's torch.randn bit for bit.</summary>
public class LibTorchRandnTests
{
    public static TheoryData<string> FixtureKeys() => TorchRandnTests.FixtureKeys();

    [Theory]
    [MemberData(nameof(FixtureKeys))]
    public void GeneratorRandnMatchesTheFixtureBitForBit(string key)
    {
        // Keys look like "seed1099511627779.1x3x7.bf16".
        string[] parts = key.Split('.');
        ulong seed = ulong.Parse(parts[0]["seed".Length..]);
        long[] shape = parts[1].Split('x').Select(long.Parse).ToArray();
        torch.ScalarType dtype = parts[2] == "bf16" ? torch.ScalarType.BFloat16 : torch.ScalarType.Float32;

        using var file = SafeTensorsFile.Open(FixturePaths.File("randn.safetensors"));
        float[] expected = file.ReadSingles(key);
        using var generator = new torch.Generator(seed);
        using var noise = torch.randn(shape, dtype: dtype, generator: generator);
        using var asFloat = noise.to_type(torch.ScalarType.Float32);
        float[] actual = asFloat.data<float>().ToArray();

        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToUInt32Bits(expected[i]) != BitConverter.SingleToUInt32Bits(actual[i]))
            {
                Assert.Fail($"{key}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
            }
        }
    }
}
