namespace EpochCompare.Flux.Sampling;

/// <summary>
/// Float log and sin/cos exactly as PyTorch's AVX2 <c>normal_fill</c> computes them: the Cephes
/// polynomials of <c>avx_mathfun.h</c>, with each multiply-add fused wherever GCC contracted it
/// (found by matching torch's output bit for bit). Plain MathF differs in the last bit for ~1% of values.
/// Constants are written as double literals cast to float, because that is how the C source rounds them.
/// </summary>
internal static class TorchAvx2Math
{
    private static readonly float SqrtHalf = (float)0.707106781186547524;
    private static readonly float LogQ1 = (float)-2.12194440e-4;
    private static readonly float LogQ2 = (float)0.693359375;

    private static readonly float[] LogPolynomial =
    [
        (float)7.0376836292E-2, (float)-1.1514610310E-1, (float)1.1676998740E-1,
        (float)-1.2420140846E-1, (float)1.4249322787E-1, (float)-1.6668057665E-1,
        (float)2.0000714765E-1, (float)-2.4999993993E-1, (float)3.3333331174E-1,
    ];

    private static readonly float FourOverPi = (float)1.27323954473516;
    private static readonly float MinusDp1 = (float)-0.78515625;
    private static readonly float MinusDp2 = (float)-2.4187564849853515625e-4;
    private static readonly float MinusDp3 = (float)-3.77489497744594108e-8;
    private static readonly float Sin0 = (float)-1.9515295891E-4;
    private static readonly float Sin1 = (float)8.3321608736E-3;
    private static readonly float Sin2 = (float)-1.6666654611E-1;
    private static readonly float Cos0 = (float)2.443315711809948E-005;
    private static readonly float Cos1 = (float)-1.388731625493765E-003;
    private static readonly float Cos2 = (float)4.166664568298827E-002;

    /// <summary>Natural log; NaN for x &lt;= 0 (denormals are flushed up to the smallest normal).</summary>
    public static float Log(float x)
    {
        if (!(x > 0f))
        {
            return float.NaN;
        }
        x = MathF.Max(x, BitConverter.UInt32BitsToSingle(0x00800000u));
        uint bits = BitConverter.SingleToUInt32Bits(x);
        float exponent = (int)(bits >> 23) - 127 + 1f;
        // Mantissa scaled into [0.5, 1).
        float m = BitConverter.UInt32BitsToSingle((bits & ~0x7F800000u) | 0x3F000000u);
        float shifted;
        if (m < SqrtHalf)
        {
            exponent -= 1f;
            shifted = (m - 1f) + m;
        }
        else
        {
            shifted = m - 1f;
        }
        m = shifted;

        float z = m * m;
        float y = LogPolynomial[0];
        for (int i = 1; i < LogPolynomial.Length; i++)
        {
            y = MathF.FusedMultiplyAdd(y, m, LogPolynomial[i]);
        }
        y *= m;
        y = MathF.FusedMultiplyAdd(y, z, exponent * LogQ1);
        y = MathF.FusedMultiplyAdd(-z, 0.5f, y);
        float result = m + y;
        return MathF.FusedMultiplyAdd(exponent, LogQ2, result);
    }

    /// <summary>Sine and cosine together, with the Cephes octant reduction.</summary>
    public static (float Sin, float Cos) SinCos(float x)
    {
        bool negateSin = x < 0f;
        x = MathF.Abs(x);

        int octant = (int)(x * FourOverPi);
        octant = (octant + 1) & ~1;
        float y = octant;
        negateSin ^= (octant & 4) != 0;
        bool negateCos = ((octant - 2) & 4) == 0;
        bool firstOctantPair = (octant & 2) == 0;

        // Extended-precision reduction x - octant * pi/4, in three parts.
        x = MathF.FusedMultiplyAdd(y, MinusDp1, x);
        x = MathF.FusedMultiplyAdd(y, MinusDp2, x);
        x = MathF.FusedMultiplyAdd(y, MinusDp3, x);

        float z = x * x;
        float cosPoly = MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(Cos0, z, Cos1), z, Cos2);
        cosPoly *= z;
        cosPoly = MathF.FusedMultiplyAdd(cosPoly, z, -(z * 0.5f));
        cosPoly += 1f;

        float sinPoly = MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(Sin0, z, Sin1), z, Sin2);
        sinPoly *= z;
        sinPoly = MathF.FusedMultiplyAdd(sinPoly, x, x);

        float sin = firstOctantPair ? sinPoly : cosPoly;
        float cos = firstOctantPair ? cosPoly : sinPoly;
        return (negateSin ? -sin : sin, negateCos ? -cos : cos);
    }
}
