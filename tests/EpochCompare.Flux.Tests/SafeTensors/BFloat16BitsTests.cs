using System.Runtime.InteropServices;
using EpochCompare.Flux.SafeTensors;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.SafeTensors;

/// <summary>Our bf16 conversion (the safetensors reader and writer use it) against LibTorch's own float32 -> bfloat16 cast.</summary>
public class BFloat16BitsTests
{
    private static float[] Values()
    {
        var random = new Random(17);
        var values = new List<float> { 0f, -0f, 1f, -1f, float.Epsilon, float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity };
        // Exact ties between two bf16 values (round to even both ways) and the values next to them.
        foreach (uint upper in new uint[] { 0x3F80, 0x3F81, 0xC2F7, 0x0001, 0x7F7F })
        {
            uint tie = (upper << 16) | 0x8000;
            values.AddRange([BitConverter.UInt32BitsToSingle(tie), BitConverter.UInt32BitsToSingle(tie - 1), BitConverter.UInt32BitsToSingle(tie + 1)]);
        }
        // Random bit patterns (every exponent, subnormals included), finite ones only: LibTorch's NaN payloads differ.
        while (values.Count < 4099)
        {
            float v = BitConverter.UInt32BitsToSingle((uint)random.NextInt64(0, 1L << 32));
            if (!float.IsNaN(v))
            {
                values.Add(v);
            }
        }
        return [.. values];
    }

    [Fact]
    public void RoundingEqualsLibTorchsCastForEveryValueAndBothPaths()
    {
        float[] values = Values();
        using Tensor reference = tensor(values).to_type(ScalarType.BFloat16);
        ushort[] expected = MemoryMarshal.Cast<byte, ushort>(reference.bytes).ToArray();
        var vectorised = new ushort[values.Length];
        BFloat16Bits.FromSingle(values, vectorised);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(expected[i] == BFloat16Bits.FromSingle(values[i]), $"{values[i]:R}: LibTorch {expected[i]:X4}, ours {BFloat16Bits.FromSingle(values[i]):X4}");
            Assert.Equal(expected[i], vectorised[i]);
        }
    }

    [Fact]
    public void WideningIsExactAndNaNStaysNaN()
    {
        float[] values = Values();
        var bits = new ushort[values.Length];
        BFloat16Bits.FromSingle(values, bits);
        var widened = new float[values.Length];
        BFloat16Bits.ToSingle(bits, widened);
        using Tensor reference = tensor(values).to_type(ScalarType.BFloat16).to_type(ScalarType.Float32);
        Assert.Equal(reference.data<float>().ToArray(), widened);
        Assert.True(float.IsNaN(BFloat16Bits.Round(float.NaN)));
        Assert.True(float.IsNaN(BFloat16Bits.ToSingle(BFloat16Bits.FromSingle(BitConverter.UInt32BitsToSingle(0x7F800001)))));
    }
}
