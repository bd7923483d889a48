using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EpochCompare.Tensors.Kernels;

/// <summary>6x16 tile on AVX2/FMA: 12 ymm accumulators, which with B and the broadcast fill all 16 ymm registers.</summary>
internal readonly unsafe struct GemmKernel256 : IGemmMicroKernel
{
    public static int Rows => 6;

    public static int Columns => 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta, bool overwrite)
    {
        if (Sse.IsSupported)
        {
            // C is read and written after the k loop; start fetching its rows now.
            Sse.Prefetch0(c + 0 * ldc);
            Sse.Prefetch0(c + 0 * ldc + 15);
            Sse.Prefetch0(c + 1 * ldc);
            Sse.Prefetch0(c + 1 * ldc + 15);
            Sse.Prefetch0(c + 2 * ldc);
            Sse.Prefetch0(c + 2 * ldc + 15);
            Sse.Prefetch0(c + 3 * ldc);
            Sse.Prefetch0(c + 3 * ldc + 15);
            Sse.Prefetch0(c + 4 * ldc);
            Sse.Prefetch0(c + 4 * ldc + 15);
            Sse.Prefetch0(c + 5 * ldc);
            Sse.Prefetch0(c + 5 * ldc + 15);
        }
        Vector256<float> c00 = default; Vector256<float> c01 = default;
        Vector256<float> c10 = default; Vector256<float> c11 = default;
        Vector256<float> c20 = default; Vector256<float> c21 = default;
        Vector256<float> c30 = default; Vector256<float> c31 = default;
        Vector256<float> c40 = default; Vector256<float> c41 = default;
        Vector256<float> c50 = default; Vector256<float> c51 = default;
        int p = 0;
        for (; p + 2 <= kc; p += 2)
        {
            {
                Vector256<float> b0 = Vector256.Load(b + 0);
                Vector256<float> b1 = Vector256.Load(b + 8);
                Vector256<float> a0 = Vector256.Create(a[0]);
                c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
                c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
                Vector256<float> a1 = Vector256.Create(a[1]);
                c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
                c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
                Vector256<float> a2 = Vector256.Create(a[2]);
                c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
                c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
                Vector256<float> a3 = Vector256.Create(a[3]);
                c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
                c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
                Vector256<float> a4 = Vector256.Create(a[4]);
                c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
                c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
                Vector256<float> a5 = Vector256.Create(a[5]);
                c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
                c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            }

            {
                Vector256<float> b0 = Vector256.Load(b + 16);
                Vector256<float> b1 = Vector256.Load(b + 24);
                Vector256<float> a0 = Vector256.Create(a[6]);
                c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
                c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
                Vector256<float> a1 = Vector256.Create(a[7]);
                c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
                c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
                Vector256<float> a2 = Vector256.Create(a[8]);
                c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
                c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
                Vector256<float> a3 = Vector256.Create(a[9]);
                c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
                c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
                Vector256<float> a4 = Vector256.Create(a[10]);
                c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
                c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
                Vector256<float> a5 = Vector256.Create(a[11]);
                c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
                c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            }

            a += 12;
            b += 32;
        }

        for (; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b + 0);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> a0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            Vector256<float> a1 = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            Vector256<float> a2 = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            Vector256<float> a3 = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            Vector256<float> a4 = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            Vector256<float> a5 = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += 16;
        }

        Vector256<float> alphaV = Vector256.Create(alpha);
        if (overwrite)
        {
            (alphaV * c00).Store(c + 0 * ldc + 0);
            (alphaV * c01).Store(c + 0 * ldc + 8);
            (alphaV * c10).Store(c + 1 * ldc + 0);
            (alphaV * c11).Store(c + 1 * ldc + 8);
            (alphaV * c20).Store(c + 2 * ldc + 0);
            (alphaV * c21).Store(c + 2 * ldc + 8);
            (alphaV * c30).Store(c + 3 * ldc + 0);
            (alphaV * c31).Store(c + 3 * ldc + 8);
            (alphaV * c40).Store(c + 4 * ldc + 0);
            (alphaV * c41).Store(c + 4 * ldc + 8);
            (alphaV * c50).Store(c + 5 * ldc + 0);
            (alphaV * c51).Store(c + 5 * ldc + 8);
        }
        else
        {
            Vector256<float> betaV = Vector256.Create(beta);
            Update(c + 0 * ldc + 0, c00, alphaV, betaV);
            Update(c + 0 * ldc + 8, c01, alphaV, betaV);
            Update(c + 1 * ldc + 0, c10, alphaV, betaV);
            Update(c + 1 * ldc + 8, c11, alphaV, betaV);
            Update(c + 2 * ldc + 0, c20, alphaV, betaV);
            Update(c + 2 * ldc + 8, c21, alphaV, betaV);
            Update(c + 3 * ldc + 0, c30, alphaV, betaV);
            Update(c + 3 * ldc + 8, c31, alphaV, betaV);
            Update(c + 4 * ldc + 0, c40, alphaV, betaV);
            Update(c + 4 * ldc + 8, c41, alphaV, betaV);
            Update(c + 5 * ldc + 0, c50, alphaV, betaV);
            Update(c + 5 * ldc + 8, c51, alphaV, betaV);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(float* c, Vector256<float> acc, Vector256<float> alpha, Vector256<float> beta)
    {
        Vector256.FusedMultiplyAdd(alpha, acc, beta * Vector256.Load(c)).Store(c);
    }
}
