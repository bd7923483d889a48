using EpochCompare.Flux.SafeTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Weights;

/// <summary>
/// Upcasts fp8 weights held as their raw bytes (uint8 tensors) through a 256-entry table: one
/// gather per layer, on whatever device the bytes live, so an fp8 model stays 1 byte a weight
/// until the layer that needs it runs.
/// </summary>
public static class Float8Weights
{
    private static readonly float[] E4M3Table = BuildTable(Float8E4M3.ToSingle);
    private static readonly float[] E5M2Table = BuildTable(E5M2ToSingle);

    /// <summary>The float value of every e4m3fn (or e5m2) byte, as a [256] tensor.</summary>
    public static Tensor Table(SafeTensorDType format, ScalarType dtype, Device device)
    {
        float[] values = format switch
        {
            SafeTensorDType.F8E4M3 => E4M3Table,
            SafeTensorDType.F8E5M2 => E5M2Table,
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not an fp8 format"),
        };
        using Tensor table = torch.tensor(values);
        return table.to(dtype, device);
    }

    /// <summary>Decodes <paramref name="bytes"/> (uint8, any shape) to <paramref name="dtype"/>.</summary>
    public static Tensor Upcast(Tensor bytes, SafeTensorDType format, ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        Tensor table = Table(format, dtype, bytes.device);
        Tensor decoded = table.index_select(0, bytes.flatten().to(ScalarType.Int32)).view(bytes.shape);
        return decoded.MoveToOuterDisposeScope();
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
