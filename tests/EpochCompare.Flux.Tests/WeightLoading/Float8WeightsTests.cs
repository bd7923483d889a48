using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.WeightLoading;

/// <summary>The fp8 codec against the scalar decoder and a brute-force nearest-value search.</summary>
public class Float8WeightsTests
{
    [Fact]
    public void EveryByteDecodesAsTheScalarDecoderSaysAndTheScaleMultipliesInTheComputeDType()
    {
        using var scope = torch.NewDisposeScope();
        Tensor bytes = torch.arange(256, dtype: ScalarType.Int32).to_type(ScalarType.Byte);
        float[] decoded = Float8Weights.Upcast(bytes, SafeTensorDType.F8E4M3, ScalarType.Float32).data<float>().ToArray();
        float[] scaled = Float8Weights.Upcast(bytes, SafeTensorDType.F8E4M3, ScalarType.Float32, 0.0137).data<float>().ToArray();
        for (int b = 0; b < 256; b++)
        {
            Assert.Equal(Float8E4M3.ToSingle((byte)b), decoded[b]);
            Assert.Equal(Float8E4M3.ToSingle((byte)b) * 0.0137f, scaled[b]);
        }
        Assert.Equal(448f, decoded[0x7E]);
        Assert.True(float.IsNaN(decoded[0x7F]) && float.IsNaN(decoded[0xFF]));
    }

    [Fact]
    public void QuantizingRoundsToTheNearestCodeTiesToEvenAndSaturates()
    {
        var values = new List<float>();
        for (int b = 0; b < 256; b++)
        {
            float v = Float8E4M3.ToSingle((byte)b);
            if (float.IsNaN(v))
            {
                continue;
            }
            values.Add(v);
            float next = b is 0x7E or 0xFE ? v : Float8E4M3.ToSingle((byte)(b + 1));
            values.Add((v + next) / 2);            // exact ties
            values.Add(v + (next - v) * 0.49f);
            values.Add(v + (next - v) * 0.51f);
        }
        var random = new Random(5);
        values.AddRange(Enumerable.Range(0, 2000).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-14, 10)))));
        values.AddRange([449f, 1e6f, -500f, float.PositiveInfinity, float.NegativeInfinity, -0f, 1e-9f, -1e-9f]);

        using var scope = torch.NewDisposeScope();
        byte[] codes = Float8Weights.QuantizeE4M3(torch.tensor(values.ToArray())).data<byte>().ToArray();
        for (int i = 0; i < values.Count; i++)
        {
            Assert.True(Float8Files.NearestE4M3(values[i]) == codes[i], $"{values[i]:R}: expected 0x{Float8Files.NearestE4M3(values[i]):X2}, got 0x{codes[i]:X2}");
        }
        Assert.Equal(0x7F, Float8Weights.QuantizeE4M3(torch.tensor(new[] { float.NaN })).data<byte>()[0]);
    }

    [Fact]
    public void BFloat16InputQuantizesAsItsFloatValue()
    {
        using var scope = torch.NewDisposeScope();
        Tensor bf16 = (torch.randn(4096, generator: new torch.Generator(3)) * 3).to_type(ScalarType.BFloat16);
        float[] asFloat = bf16.to_type(ScalarType.Float32).data<float>().ToArray();
        byte[] codes = Float8Weights.QuantizeE4M3(bf16).data<byte>().ToArray();
        Assert.Equal(asFloat.Select(Float8Files.NearestE4M3).ToArray(), codes);
    }

    [Fact]
    public void A_weight_larger_than_one_gather_chunk_decodes_every_byte_by_the_scalar_decoder()
    {
        const int rows = 2049, columns = 2048; // 4 196 352 bytes: one full chunk and a partial one
        Assert.True((long)rows * columns > Float8Weights.GatherChunk);
        var random = new Random(4);
        var bytes = new byte[rows * columns];
        random.NextBytes(bytes);
        using Tensor table = Float8Weights.Table(SafeTensorDType.F8E4M3, ScalarType.Float32, CPU);
        using Tensor packed = torch.tensor(bytes, [rows, columns]);

        using Tensor decoded = Float8Weights.Gather(table, packed);

        Assert.Equal(new long[] { rows, columns }, decoded.shape);
        float[] got = decoded.data<float>().ToArray();
        for (int i = 0; i < bytes.Length; i++)
        {
            float want = Float8E4M3.ToSingle(bytes[i]);
            Assert.True(BitConverter.SingleToInt32Bits(want) == BitConverter.SingleToInt32Bits(got[i]) || (float.IsNaN(want) && float.IsNaN(got[i])), $"[{i}] 0x{bytes[i]:X2}: {got[i]} vs {want}");
        }
    }
}
