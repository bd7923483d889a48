using EpochCompare.Flux.SafeTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Weights;

/// <summary>
/// fp8 weights held as their raw bytes (uint8 tensors; TorchSharp 0.107 has no fp8 dtype). Upcast goes through a
/// 256-entry table: one gather, on whatever device the bytes live. Quantize rounds to the nearest e4m3fn value
/// (ties to even mantissa, saturating at ±448 as there is no infinity), what PyTorch's cast does in range.
/// </summary>
public static class Float8Weights
{
    /// <summary>The largest finite e4m3fn magnitude.</summary>
    public const float E4M3Max = 448f;

    private static readonly float[] E4M3Table = BuildTable(Float8E4M3.ToSingle);
    private static readonly float[] E5M2Table = BuildTable(E5M2ToSingle);

    /// <summary>The float value of every e4m3fn (or e5m2) byte times <paramref name="scale"/>, as a [256] tensor of <paramref name="dtype"/>.</summary>
    public static Tensor Table(SafeTensorDType format, ScalarType dtype, Device device, double scale = 1.0)
    {
        float[] values = format switch
        {
            SafeTensorDType.F8E4M3 => E4M3Table,
            SafeTensorDType.F8E5M2 => E5M2Table,
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not an fp8 format"),
        };
        using var scope = torch.NewDisposeScope();
        // The scale multiplies in the compute dtype, as ComfyUI's weight.to(dtype) * scale_weight does per element.
        Tensor table = torch.tensor(values).to(dtype, device);
        if (scale != 1.0)
        {
            table = table * torch.tensor(scale, dtype: ScalarType.Float32).to(dtype, device);
        }
        return table.MoveToOuterDisposeScope();
    }

    /// <summary>Decodes <paramref name="bytes"/> (uint8, any shape) to <paramref name="dtype"/>, times <paramref name="scale"/>.</summary>
    public static Tensor Upcast(Tensor bytes, SafeTensorDType format, ScalarType dtype, double scale = 1.0)
    {
        using var scope = torch.NewDisposeScope();
        Tensor table = Table(format, dtype, bytes.device, scale);
        return Gather(table, bytes).MoveToOuterDisposeScope();
    }

    /// <summary>Bytes decoded per index_select: the int32 index LibTorch needs costs 4 bytes a weight, so it is built a chunk at a time.</summary>
    public const long GatherChunk = 1L << 22;

    /// <summary>
    /// Looks every byte up in a table from <see cref="Table"/>. Transient memory: the decoded weight plus one chunk's
    /// index and values (24 MB), not a whole-weight int32 index (FLUX.1's largest Linear: 264 MB; T5-XXL's wi: 168 MB).
    /// </summary>
    public static Tensor Gather(Tensor table, Tensor bytes)
    {
        using var scope = torch.NewDisposeScope();
        Tensor flat = bytes.flatten();
        long count = flat.shape[0];
        if (count <= GatherChunk)
        {
            return table.index_select(0, flat.to_type(ScalarType.Int32)).view(bytes.shape).MoveToOuterDisposeScope();
        }
        Tensor decoded = torch.empty([count], table.dtype, table.device);
        for (long start = 0; start < count; start += GatherChunk)
        {
            long length = Math.Min(GatherChunk, count - start);
            using Tensor index = flat.narrow(0, start, length).to_type(ScalarType.Int32);
            using Tensor values = table.index_select(0, index);
            using Tensor target = decoded.narrow(0, start, length);
            target.copy_(values);
        }
        return decoded.view(bytes.shape).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The e4m3fn bytes nearest to <paramref name="values"/> (any float dtype and shape): NaN stays NaN,
    /// magnitudes above 448 saturate, halfway cases go to the even mantissa.
    /// </summary>
    public static Tensor QuantizeE4M3(Tensor values)
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = values.to_type(ScalarType.Float32);
        Tensor magnitude = x.abs().clamp_max(E4M3Max);
        // Codes 0x00..0x7E are the non-negative finite values in increasing order; the boundaries between neighbours
        // decide the code (bucketize: boundary[i-1] < m <= boundary[i] gives i, so a tie lands on the lower code).
        Tensor positives = torch.tensor(E4M3Table[..0x7F], device: x.device);
        Tensor boundaries = (positives[1..] + positives[..^1]) * 0.5f;
        Tensor code = torch.bucketize(magnitude, boundaries, outInt32: true);
        Tensor nearest = boundaries.index_select(0, code.flatten().clamp_max(boundaries.shape[0] - 1)).view(code.shape);
        Tensor atTie = magnitude.eq(nearest);
        Tensor oddCode = code.bitwise_and(1).eq(1);
        code = code + (atTie & oddCode).to_type(ScalarType.Int32);
        Tensor signed = torch.where(x.signbit(), code + 0x80, code);
        signed = torch.where(x.isnan(), torch.full_like(signed, 0x7F), signed);
        return signed.to_type(ScalarType.Byte).MoveToOuterDisposeScope();
    }

    private static float[] BuildTable(Func<byte, float> decode)
    {
        var table = new float[256];
        for (int i = 0; i < 256; i++)
        {
            table[i] = decode((byte)i);
        }
        return table;
    }

    /// <summary>e5m2 is the top byte of an IEEE half.</summary>
    private static float E5M2ToSingle(byte bits) => (float)BitConverter.UInt16BitsToHalf((ushort)(bits << 8));
}
