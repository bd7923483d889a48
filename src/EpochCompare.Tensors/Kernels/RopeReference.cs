namespace EpochCompare.Tensors.Kernels;

/// <summary>The plain pair rotation, to test <see cref="RopeKernels"/> against: y[2m..2m+1] (+)= pe[m] (or pe[m]^T) x[2m..2m+1].</summary>
internal static class RopeReference
{
    public static void RotateRow(ReadOnlySpan<float> x, ReadOnlySpan<float> pe, Span<float> y, bool transpose, bool accumulate)
    {
        for (int m = 0; m < x.Length / 2; m++)
        {
            float a01 = transpose ? pe[4 * m + 2] : pe[4 * m + 1];
            float a10 = transpose ? pe[4 * m + 1] : pe[4 * m + 2];
            float y0 = pe[4 * m] * x[2 * m] + a01 * x[2 * m + 1];
            float y1 = a10 * x[2 * m] + pe[4 * m + 3] * x[2 * m + 1];
            y[2 * m] = accumulate ? y[2 * m] + y0 : y0;
            y[2 * m + 1] = accumulate ? y[2 * m + 1] + y1 : y1;
        }
    }
}
