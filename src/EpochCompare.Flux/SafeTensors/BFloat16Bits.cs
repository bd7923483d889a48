using EpochCompare.Tensors.Formats;

namespace EpochCompare.Flux.SafeTensors;

/// <summary>bfloat16 rounding for FLUX code, on top of the engine's <see cref="BFloat16"/> storage format.</summary>
public static class BFloat16Bits
{
    public static ushort FromSingle(float value) => BFloat16.FromSingle(value);

    public static float ToSingle(ushort bits) => BFloat16.ToSingle(bits);

    /// <summary>The float nearest to <paramref name="value"/> that bfloat16 can hold (round to nearest even).</summary>
    public static float Round(float value) => BFloat16.ToSingle(BFloat16.FromSingle(value));
}
