using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Tests.Sampling;

public class TorchRandnTests
{
    public static TheoryData<string> FixtureKeys()
    {
        var keys = new TheoryData<string>();
        using var file = SafeTensorsFile.Open(FixturePaths.File("randn.safetensors"));
        foreach (string name in file.Names.Order(StringComparer.Ordinal))
        {
            keys.Add(name);
        }
        return keys;
    }

    [Theory]
    [MemberData(nameof(FixtureKeys))]
    public void MatchesTorchRandnBitForBit(string key)
    {
        // Keys look like "seed1099511627779.1x3x7.bf16".
        string[] parts = key.Split('.');
        ulong seed = ulong.Parse(parts[0]["seed".Length..]);
        int[] shape = parts[1].Split('x').Select(int.Parse).ToArray();
        NoiseDType dtype = parts[2] == "bf16" ? NoiseDType.BFloat16 : NoiseDType.Float32;

        using var file = SafeTensorsFile.Open(FixturePaths.File("randn.safetensors"));
        float[] expected = file.ReadSingles(key);
        float[] actual = TorchRandn.Sample(seed, shape, dtype);

        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToUInt32Bits(expected[i]) != BitConverter.SingleToUInt32Bits(actual[i]))
            {
                Assert.Fail($"{key}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
            }
        }
    }

    [Fact]
    public void SpecCheckValuesForBFloat16Seed42()
    {
        // flux-spec 3.1: seed 42, shape (1, 16, 128, 128), bf16: first 8 and last 4 values.
        float[] noise = TorchRandn.Sample(42, [1, 16, 128, 128], NoiseDType.BFloat16);
        Assert.Equal([-0.80859375f, -1.53125f, 0.40625f, 0.171875f, -0.2470703125f, 0.2041015625f, -0.87890625f, -0.38671875f], noise[..8]);
        Assert.Equal([-0.054443359375f, -0.83203125f, -1.9140625f, -0.6328125f], noise[^4..]);
    }

    [Fact]
    public void SeedsAboveTwoToThe32UseOnlyTheLow32Bits()
    {
        float[] high = TorchRandn.Sample((1UL << 40) + 3, [40], NoiseDType.Float32);
        float[] low = TorchRandn.Sample(3, [40], NoiseDType.Float32);
        Assert.Equal(low, high);
    }

    [Fact]
    public void MersenneTwisterMatchesTheStandardReferenceOutput()
    {
        // The 10000th output of mt19937 seeded with 5489 is 4123659995 (C++ [rand.predef]).
        var generator = new Mt19937(5489);
        uint value = 0;
        for (int i = 0; i < 10000; i++)
        {
            value = generator.NextUInt32();
        }
        Assert.Equal(4123659995u, value);
    }

    [Fact]
    public void NoiseLooksStandardNormal()
    {
        float[] noise = TorchRandn.Sample(7, [1, 16, 64, 64], NoiseDType.Float32);
        double mean = noise.Average(v => (double)v);
        double variance = noise.Average(v => (v - mean) * (v - mean));
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(variance, 0.95, 1.05);
    }

    [Fact]
    public void Avx2LogAndSinCosStayWithinAFewUlpOfTheTrueFunctions()
    {
        for (int i = 1; i <= 4096; i++)
        {
            float u = i / 4096f;
            Assert.Equal(Math.Log(u), TorchAvx2Math.Log(u), 1e-6);
            float theta = (float)(2 * Math.PI) * (i - 1) / 4096f;
            (float sin, float cos) = TorchAvx2Math.SinCos(theta);
            Assert.Equal(Math.Sin(theta), sin, 1e-6);
            Assert.Equal(Math.Cos(theta), cos, 1e-6);
        }
    }
}
