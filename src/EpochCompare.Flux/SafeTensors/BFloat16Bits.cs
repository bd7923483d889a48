using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EpochCompare.Flux.SafeTensors;

/// <summary>
/// bfloat16 as a storage format (.NET 10 has no BFloat16 type): the upper 16 bits of a float32,
/// rounded to nearest even; NaN stays NaN (quiet). Compute is always float32.
/// </summary>
public static class BFloat16Bits
{
    /// <summary>One float to bf16 bits, round to nearest even.</summary>
    public static ushort FromSingle(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000)
        {
            return (ushort)((bits >> 16) | 0x0040); // keep sign, force a quiet-NaN mantissa bit
        }
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1)) >> 16);
    }

    /// <summary>The float nearest to <paramref name="value"/> that bfloat16 can hold (round to nearest even).</summary>
    public static float Round(float value) => ToSingle(FromSingle(value));

    /// <summary>bf16 bits to float (exact).</summary>
    public static float ToSingle(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FromSingle(ReadOnlySpan<float> src, Span<ushort> dst)
    {
        if (dst.Length < src.Length)
        {
            throw new ArgumentException($"bf16: destination holds {dst.Length} values, source has {src.Length}.");
        }
        var bits = MemoryMarshal.Cast<float, uint>(src);
        int n = src.Length, i = 0;
        ref uint sr = ref MemoryMarshal.GetReference(bits);
        ref ushort dr = ref MemoryMarshal.GetReference(dst);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 32; i += 32)
            {
                var lo = Round(Vector512.LoadUnsafe(ref sr, (nuint)i));
                var hi = Round(Vector512.LoadUnsafe(ref sr, (nuint)(i + 16)));
                Vector512.Narrow(lo, hi).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                var lo = Round(Vector256.LoadUnsafe(ref sr, (nuint)i));
                var hi = Round(Vector256.LoadUnsafe(ref sr, (nuint)(i + 8)));
                Vector256.Narrow(lo, hi).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            dst[i] = FromSingle(src[i]);
        }
    }

    /// <summary>Round-to-nearest-even to the upper 16 bits (shifted down); NaN gets a quiet bit so it cannot become infinity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Round(Vector512<uint> x)
    {
        var rounded = x + Vector512.Create(0x7FFFu) + ((x >> 16) & Vector512<uint>.One);
        var isNan = Vector512.GreaterThan(x & Vector512.Create(0x7FFFFFFFu), Vector512.Create(0x7F800000u));
        return Vector512.ConditionalSelect(isNan, x | Vector512.Create(0x00400000u), rounded) >> 16;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Round(Vector256<uint> x)
    {
        var rounded = x + Vector256.Create(0x7FFFu) + ((x >> 16) & Vector256<uint>.One);
        var isNan = Vector256.GreaterThan(x & Vector256.Create(0x7FFFFFFFu), Vector256.Create(0x7F800000u));
        return Vector256.ConditionalSelect(isNan, x | Vector256.Create(0x00400000u), rounded) >> 16;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToSingle(ReadOnlySpan<ushort> src, Span<float> dst)
    {
        if (dst.Length < src.Length)
        {
            throw new ArgumentException($"bf16: destination holds {dst.Length} values, source has {src.Length}.");
        }
        var bits = MemoryMarshal.Cast<float, uint>(dst);
        int n = src.Length, i = 0;
        ref ushort sr = ref MemoryMarshal.GetReference(src);
        ref uint dr = ref MemoryMarshal.GetReference(bits);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 32; i += 32)
            {
                var (lo, hi) = Vector512.Widen(Vector512.LoadUnsafe(ref sr, (nuint)i));
                (lo << 16).StoreUnsafe(ref dr, (nuint)i);
                (hi << 16).StoreUnsafe(ref dr, (nuint)(i + 16));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref sr, (nuint)i));
                (lo << 16).StoreUnsafe(ref dr, (nuint)i);
                (hi << 16).StoreUnsafe(ref dr, (nuint)(i + 8));
            }
        }
        for (; i < n; i++)
        {
            dst[i] = ToSingle(src[i]);
        }
    }
}
