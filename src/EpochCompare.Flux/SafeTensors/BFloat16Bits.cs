namespace EpochCompare.Flux.SafeTensors;

/// <summary>bfloat16 stored as the upper 16 bits of an IEEE float32 (.NET 10 has no BFloat16 type).</summary>
public static class BFloat16Bits
{
    /// <summary>Round to nearest even, NaN kept quiet, as PyTorch and the safetensors spec do it.</summary>
    public static ushort FromSingle(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x0040);
        }
        bits += 0x7FFFu + ((bits >> 16) & 1u);
        return (ushort)(bits >> 16);
    }

    public static float ToSingle(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    /// <summary>The float nearest to <paramref name="value"/> that bfloat16 can hold.</summary>
    public static float Round(float value) => ToSingle(FromSingle(value));
}
