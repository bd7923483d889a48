namespace EpochCompare.Flux.Sampling;

/// <summary>float32 -> bfloat16 -> float32, round to nearest even (the upper 16 bits of a float).</summary>
internal static class BFloat16Rounding
{
    public static float Round(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return BitConverter.UInt32BitsToSingle(0x7FC00000u);
        }
        bits = unchecked(bits + 0x7FFFu + ((bits >> 16) & 1u));
        return BitConverter.UInt32BitsToSingle(bits & 0xFFFF0000u);
    }

    /// <summary>C++ <c>BFloat16(double)</c>: the double goes to float first, then to bfloat16.</summary>
    public static float Round(double value) => Round((float)value);
}
