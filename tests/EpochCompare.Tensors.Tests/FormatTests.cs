using EpochCompare.Tensors.Formats;

namespace EpochCompare.Tensors.Tests;

public class FormatTests
{
    [Fact]
    public void BFloat16RoundsToNearestEven()
    {
        // 1 + 2^-8 is exactly halfway between bf16 1.0 and 1.0078125: ties go to even (1.0).
        Assert.Equal(0x3F80, BFloat16.FromSingle(1f + 1f / 256));
        // 1 + 3*2^-8 is halfway between 1.0078125 (odd mantissa) and 1.015625: goes up to even.
        Assert.Equal(0x3F82, BFloat16.FromSingle(1f + 3f / 256));
        // Just above halfway rounds up.
        Assert.Equal(0x3F81, BFloat16.FromSingle(BitConverter.UInt32BitsToSingle(0x3F808001)));
        Assert.Equal(0.8984375f, BFloat16.ToSingle(BFloat16.FromSingle(0.9f))); // flux-spec 1.3 vector
        Assert.Equal(900f, BFloat16.ToSingle(BFloat16.FromSingle(898.4375f)));
        Assert.Equal(3504f, BFloat16.ToSingle(BFloat16.FromSingle(3500f)));
    }

    [Fact]
    public void BFloat16KeepsNaNAndInfinity()
    {
        // A NaN whose payload lives only in the low 16 bits would truncate to infinity without care.
        float lowNaN = BitConverter.UInt32BitsToSingle(0x7F800001);
        Assert.True(float.IsNaN(BFloat16.ToSingle(BFloat16.FromSingle(lowNaN))));
        Assert.True(float.IsPositiveInfinity(BFloat16.ToSingle(BFloat16.FromSingle(float.PositiveInfinity))));
        Assert.True(float.IsNegativeInfinity(BFloat16.ToSingle(BFloat16.FromSingle(float.NegativeInfinity))));
        Assert.True(float.IsPositiveInfinity(BFloat16.ToSingle(BFloat16.FromSingle(float.MaxValue)))); // rounds past the top
    }

    [Fact]
    public void VectorisedBFloat16MatchesScalar()
    {
        var rng = new Random(4);
        int n = 1000 + 13;
        var src = new float[n];
        for (int i = 0; i < n; i++)
        {
            src[i] = BitConverter.UInt32BitsToSingle((uint)rng.NextInt64(0, uint.MaxValue)); // every bit pattern, NaNs included
        }
        var packed = new ushort[n];
        BFloat16.FromSingle(src, packed);
        var back = new float[n];
        BFloat16.ToSingle(packed, back);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(BFloat16.FromSingle(src[i]), packed[i]);
            Assert.Equal(BitConverter.SingleToUInt32Bits(BFloat16.ToSingle(packed[i])), BitConverter.SingleToUInt32Bits(back[i]));
            Assert.Equal(float.IsNaN(src[i]), float.IsNaN(back[i]));
        }
    }

    [Fact]
    public void HalfRoundTripIsWithinHalfPrecision()
    {
        float[] src = [0f, 1f, -2.5f, 65504f, 1e-3f, 3.14159f];
        var h = new Half[src.Length];
        HalfFloat.FromSingle(src, h);
        var back = new float[src.Length];
        HalfFloat.ToSingle(h, back);
        for (int i = 0; i < src.Length; i++)
        {
            Assert.Equal((float)(Half)src[i], back[i]);
            Assert.Equal(src[i], back[i], Math.Abs(src[i]) * 1e-3 + 1e-6);
        }
    }
}
