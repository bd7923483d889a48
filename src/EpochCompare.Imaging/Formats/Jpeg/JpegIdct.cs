namespace EpochCompare.Imaging.Formats.Jpeg;

/// <summary>
/// Dequantisation and the 8x8 inverse DCT in 32-bit fixed point: the Loeffler-Ligtenberg-Moschytz
/// factorisation with 13-bit constants and 2 extra bits between passes, the same arithmetic as
/// libjpeg's default "islow" method, so output matches djpeg to within rounding of the colour step.
/// </summary>
internal static class JpegIdct
{
    private const int ConstBits = 13;
    private const int Pass1Bits = 2;

    // round(x * 2^13) of the LL&M rotation constants.
    private const int Fix0298631336 = 2446;
    private const int Fix0390180644 = 3196;
    private const int Fix0541196100 = 4433;
    private const int Fix0765366865 = 6270;
    private const int Fix0899976223 = 7373;
    private const int Fix1175875602 = 9633;
    private const int Fix1501321110 = 12299;
    private const int Fix1847759065 = 15137;
    private const int Fix1961570560 = 16069;
    private const int Fix2053119869 = 16819;
    private const int Fix2562915447 = 20995;
    private const int Fix3072711026 = 25172;

    /// <param name="coefficients">64 quantised coefficients, natural order.</param>
    /// <param name="quantization">64 quantiser steps, natural order.</param>
    public static void Transform(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quantization, Span<byte> output, int outputStride)
    {
        Span<int> workspace = stackalloc int[64];
        Span<int> v = stackalloc int[8];
        for (int column = 0; column < 8; column++)
        {
            if (ColumnAcIsZero(coefficients, column))
            {
                int dc = coefficients[column] * quantization[column] << Pass1Bits;
                for (int row = 0; row < 8; row++)
                {
                    workspace[row * 8 + column] = dc;
                }
                continue;
            }
            for (int row = 0; row < 8; row++)
            {
                v[row] = coefficients[row * 8 + column] * quantization[row * 8 + column];
            }
            Butterfly(v, ConstBits - Pass1Bits);
            for (int row = 0; row < 8; row++)
            {
                workspace[row * 8 + column] = v[row];
            }
        }
        const int finalShift = ConstBits + Pass1Bits + 3;
        for (int row = 0; row < 8; row++)
        {
            Span<int> values = workspace.Slice(row * 8, 8);
            Butterfly(values, finalShift);
            Span<byte> outRow = output.Slice(row * outputStride, 8);
            for (int x = 0; x < 8; x++)
            {
                outRow[x] = (byte)Math.Clamp(values[x] + 128, 0, 255);
            }
        }
    }

    private static bool ColumnAcIsZero(ReadOnlySpan<short> coefficients, int column)
    {
        for (int row = 1; row < 8; row++)
        {
            if (coefficients[row * 8 + column] != 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>One 8-point inverse DCT in place, results scaled down by 2^<paramref name="shift"/> with rounding.</summary>
    private static void Butterfly(Span<int> v, int shift)
    {
        // Even part: rotation of inputs 2 and 6, then sum/difference with 0 and 4.
        int z2 = v[2], z3 = v[6];
        int z1 = (z2 + z3) * Fix0541196100;
        int tmp2 = z1 - z3 * Fix1847759065;
        int tmp3 = z1 + z2 * Fix0765366865;
        int tmp0 = (v[0] + v[4]) << ConstBits;
        int tmp1 = (v[0] - v[4]) << ConstBits;
        int tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3;
        int tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;

        // Odd part: inputs 7, 5, 3, 1.
        tmp0 = v[7];
        tmp1 = v[5];
        tmp2 = v[3];
        tmp3 = v[1];
        z1 = tmp0 + tmp3;
        z2 = tmp1 + tmp2;
        z3 = tmp0 + tmp2;
        int z4 = tmp1 + tmp3;
        int z5 = (z3 + z4) * Fix1175875602;
        tmp0 *= Fix0298631336;
        tmp1 *= Fix2053119869;
        tmp2 *= Fix3072711026;
        tmp3 *= Fix1501321110;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 = z3 * -Fix1961570560 + z5;
        z4 = z4 * -Fix0390180644 + z5;
        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;

        int round = 1 << (shift - 1);
        v[0] = (tmp10 + tmp3 + round) >> shift;
        v[7] = (tmp10 - tmp3 + round) >> shift;
        v[1] = (tmp11 + tmp2 + round) >> shift;
        v[6] = (tmp11 - tmp2 + round) >> shift;
        v[2] = (tmp12 + tmp1 + round) >> shift;
        v[5] = (tmp12 - tmp1 + round) >> shift;
        v[3] = (tmp13 + tmp0 + round) >> shift;
        v[4] = (tmp13 - tmp0 + round) >> shift;
    }
}
