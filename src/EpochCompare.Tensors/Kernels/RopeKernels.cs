using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EpochCompare.Tensors.Kernels;

/// <summary>
/// One row of FLUX's rotary embedding: each pair (x[2m], x[2m+1]) times the 2x2 matrix pe[m] = [a00 a01; a10 a11]
/// (or its transpose, for the backward pass). The AVX2 path rotates four pairs at once: the diagonal and the
/// off-diagonal entries are shuffled out of pe, and y = diag * x + offdiag * (x with each pair swapped) is the
/// same two products and one sum per element as the scalar form, so both give the same bits.
/// </summary>
internal static unsafe class RopeKernels
{
    /// <summary>y (+)= pe x per pair; x and y hold 2 * pairs floats, pe 4 * pairs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RotateRow(float* x, float* pe, float* y, int pairs, bool transpose, bool accumulate)
    {
        int m = 0;
        if (Avx2.IsSupported)
        {
            for (; m + 4 <= pairs; m += 4)
            {
                var p0 = Avx.LoadVector256(pe + 4 * m);
                var p1 = Avx.LoadVector256(pe + 4 * m + 8);
                // Shuffle gives pairs in the order a c b d (per 128-bit lane); the 64-bit permute puts them back to a b c d.
                var diag = Avx2.Permute4x64(Avx.Shuffle(p0, p1, 0xCC).AsDouble(), 0xD8).AsSingle();
                // Off-diagonal lanes take pe entries (1, 2) of each pair, or (2, 1) for the transpose.
                var offShuffled = transpose ? Avx.Shuffle(p0, p1, 0x66) : Avx.Shuffle(p0, p1, 0x99);
                var off = Avx2.Permute4x64(offShuffled.AsDouble(), 0xD8).AsSingle();
                var xv = Avx.LoadVector256(x + 2 * m);
                var swapped = Avx.Permute(xv, 0xB1);
                var r = diag * xv + off * swapped;
                if (accumulate)
                {
                    r += Avx.LoadVector256(y + 2 * m);
                }
                Avx.Store(y + 2 * m, r);
            }
        }
        for (; m < pairs; m++)
        {
            float a00 = pe[4 * m], a01 = pe[4 * m + 1], a10 = pe[4 * m + 2], a11 = pe[4 * m + 3];
            if (transpose)
            {
                (a01, a10) = (a10, a01);
            }
            float x0 = x[2 * m], x1 = x[2 * m + 1];
            float y0 = a00 * x0 + a01 * x1;
            float y1 = a11 * x1 + a10 * x0;
            if (accumulate)
            {
                y[2 * m] += y0;
                y[2 * m + 1] += y1;
            }
            else
            {
                y[2 * m] = y0;
                y[2 * m + 1] = y1;
            }
        }
    }
}
