using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EpochCompare.Tensors.Kernels;

/// <summary>12x32 tile on AVX-512: 24 zmm accumulators, 2 loads of B and 12 broadcasts of A per k step.</summary>
internal readonly unsafe struct GemmKernel512 : IGemmMicroKernel
{
    public static int Rows => 12;

    public static int Columns => 32;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta, bool overwrite)
    {
        if (Sse.IsSupported)
        {
            // C is read and written after the k loop; start fetching its rows now.
            Sse.Prefetch0(c + 0 * ldc);
            Sse.Prefetch0(c + 0 * ldc + 31);
            Sse.Prefetch0(c + 1 * ldc);
            Sse.Prefetch0(c + 1 * ldc + 31);
            Sse.Prefetch0(c + 2 * ldc);
            Sse.Prefetch0(c + 2 * ldc + 31);
            Sse.Prefetch0(c + 3 * ldc);
            Sse.Prefetch0(c + 3 * ldc + 31);
            Sse.Prefetch0(c + 4 * ldc);
            Sse.Prefetch0(c + 4 * ldc + 31);
            Sse.Prefetch0(c + 5 * ldc);
            Sse.Prefetch0(c + 5 * ldc + 31);
            Sse.Prefetch0(c + 6 * ldc);
            Sse.Prefetch0(c + 6 * ldc + 31);
            Sse.Prefetch0(c + 7 * ldc);
            Sse.Prefetch0(c + 7 * ldc + 31);
            Sse.Prefetch0(c + 8 * ldc);
            Sse.Prefetch0(c + 8 * ldc + 31);
            Sse.Prefetch0(c + 9 * ldc);
            Sse.Prefetch0(c + 9 * ldc + 31);
            Sse.Prefetch0(c + 10 * ldc);
            Sse.Prefetch0(c + 10 * ldc + 31);
            Sse.Prefetch0(c + 11 * ldc);
            Sse.Prefetch0(c + 11 * ldc + 31);
        }
        Vector512<float> c00 = default; Vector512<float> c01 = default;
        Vector512<float> c10 = default; Vector512<float> c11 = default;
        Vector512<float> c20 = default; Vector512<float> c21 = default;
        Vector512<float> c30 = default; Vector512<float> c31 = default;
        Vector512<float> c40 = default; Vector512<float> c41 = default;
        Vector512<float> c50 = default; Vector512<float> c51 = default;
        Vector512<float> c60 = default; Vector512<float> c61 = default;
        Vector512<float> c70 = default; Vector512<float> c71 = default;
        Vector512<float> c80 = default; Vector512<float> c81 = default;
        Vector512<float> c90 = default; Vector512<float> c91 = default;
        Vector512<float> c100 = default; Vector512<float> c101 = default;
        Vector512<float> c110 = default; Vector512<float> c111 = default;
        int p = 0;
        for (; p + 2 <= kc; p += 2)
        {
            {
                Vector512<float> b0 = Vector512.Load(b + 0);
                Vector512<float> b1 = Vector512.Load(b + 16);
                Vector512<float> a0 = Vector512.Create(a[0]);
                c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
                c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
                Vector512<float> a1 = Vector512.Create(a[1]);
                c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
                c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
                Vector512<float> a2 = Vector512.Create(a[2]);
                c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
                c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
                Vector512<float> a3 = Vector512.Create(a[3]);
                c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
                c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
                Vector512<float> a4 = Vector512.Create(a[4]);
                c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
                c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
                Vector512<float> a5 = Vector512.Create(a[5]);
                c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
                c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
                Vector512<float> a6 = Vector512.Create(a[6]);
                c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
                c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
                Vector512<float> a7 = Vector512.Create(a[7]);
                c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
                c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
                Vector512<float> a8 = Vector512.Create(a[8]);
                c80 = Vector512.FusedMultiplyAdd(a8, b0, c80);
                c81 = Vector512.FusedMultiplyAdd(a8, b1, c81);
                Vector512<float> a9 = Vector512.Create(a[9]);
                c90 = Vector512.FusedMultiplyAdd(a9, b0, c90);
                c91 = Vector512.FusedMultiplyAdd(a9, b1, c91);
                Vector512<float> a10 = Vector512.Create(a[10]);
                c100 = Vector512.FusedMultiplyAdd(a10, b0, c100);
                c101 = Vector512.FusedMultiplyAdd(a10, b1, c101);
                Vector512<float> a11 = Vector512.Create(a[11]);
                c110 = Vector512.FusedMultiplyAdd(a11, b0, c110);
                c111 = Vector512.FusedMultiplyAdd(a11, b1, c111);
            }

            {
                Vector512<float> b0 = Vector512.Load(b + 32);
                Vector512<float> b1 = Vector512.Load(b + 48);
                Vector512<float> a0 = Vector512.Create(a[12]);
                c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
                c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
                Vector512<float> a1 = Vector512.Create(a[13]);
                c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
                c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
                Vector512<float> a2 = Vector512.Create(a[14]);
                c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
                c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
                Vector512<float> a3 = Vector512.Create(a[15]);
                c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
                c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
                Vector512<float> a4 = Vector512.Create(a[16]);
                c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
                c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
                Vector512<float> a5 = Vector512.Create(a[17]);
                c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
                c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
                Vector512<float> a6 = Vector512.Create(a[18]);
                c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
                c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
                Vector512<float> a7 = Vector512.Create(a[19]);
                c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
                c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
                Vector512<float> a8 = Vector512.Create(a[20]);
                c80 = Vector512.FusedMultiplyAdd(a8, b0, c80);
                c81 = Vector512.FusedMultiplyAdd(a8, b1, c81);
                Vector512<float> a9 = Vector512.Create(a[21]);
                c90 = Vector512.FusedMultiplyAdd(a9, b0, c90);
                c91 = Vector512.FusedMultiplyAdd(a9, b1, c91);
                Vector512<float> a10 = Vector512.Create(a[22]);
                c100 = Vector512.FusedMultiplyAdd(a10, b0, c100);
                c101 = Vector512.FusedMultiplyAdd(a10, b1, c101);
                Vector512<float> a11 = Vector512.Create(a[23]);
                c110 = Vector512.FusedMultiplyAdd(a11, b0, c110);
                c111 = Vector512.FusedMultiplyAdd(a11, b1, c111);
            }

            a += 24;
            b += 64;
        }

        for (; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            Vector512<float> a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            Vector512<float> a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            Vector512<float> a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            Vector512<float> a4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            Vector512<float> a5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            Vector512<float> a6 = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            Vector512<float> a7 = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            Vector512<float> a8 = Vector512.Create(a[8]);
            c80 = Vector512.FusedMultiplyAdd(a8, b0, c80);
            c81 = Vector512.FusedMultiplyAdd(a8, b1, c81);
            Vector512<float> a9 = Vector512.Create(a[9]);
            c90 = Vector512.FusedMultiplyAdd(a9, b0, c90);
            c91 = Vector512.FusedMultiplyAdd(a9, b1, c91);
            Vector512<float> a10 = Vector512.Create(a[10]);
            c100 = Vector512.FusedMultiplyAdd(a10, b0, c100);
            c101 = Vector512.FusedMultiplyAdd(a10, b1, c101);
            Vector512<float> a11 = Vector512.Create(a[11]);
            c110 = Vector512.FusedMultiplyAdd(a11, b0, c110);
            c111 = Vector512.FusedMultiplyAdd(a11, b1, c111);
            a += 12;
            b += 32;
        }

        Vector512<float> alphaV = Vector512.Create(alpha);
        if (overwrite)
        {
            (alphaV * c00).Store(c + 0 * ldc + 0);
            (alphaV * c01).Store(c + 0 * ldc + 16);
            (alphaV * c10).Store(c + 1 * ldc + 0);
            (alphaV * c11).Store(c + 1 * ldc + 16);
            (alphaV * c20).Store(c + 2 * ldc + 0);
            (alphaV * c21).Store(c + 2 * ldc + 16);
            (alphaV * c30).Store(c + 3 * ldc + 0);
            (alphaV * c31).Store(c + 3 * ldc + 16);
            (alphaV * c40).Store(c + 4 * ldc + 0);
            (alphaV * c41).Store(c + 4 * ldc + 16);
            (alphaV * c50).Store(c + 5 * ldc + 0);
            (alphaV * c51).Store(c + 5 * ldc + 16);
            (alphaV * c60).Store(c + 6 * ldc + 0);
            (alphaV * c61).Store(c + 6 * ldc + 16);
            (alphaV * c70).Store(c + 7 * ldc + 0);
            (alphaV * c71).Store(c + 7 * ldc + 16);
            (alphaV * c80).Store(c + 8 * ldc + 0);
            (alphaV * c81).Store(c + 8 * ldc + 16);
            (alphaV * c90).Store(c + 9 * ldc + 0);
            (alphaV * c91).Store(c + 9 * ldc + 16);
            (alphaV * c100).Store(c + 10 * ldc + 0);
            (alphaV * c101).Store(c + 10 * ldc + 16);
            (alphaV * c110).Store(c + 11 * ldc + 0);
            (alphaV * c111).Store(c + 11 * ldc + 16);
        }
        else
        {
            Vector512<float> betaV = Vector512.Create(beta);
            Update(c + 0 * ldc + 0, c00, alphaV, betaV);
            Update(c + 0 * ldc + 16, c01, alphaV, betaV);
            Update(c + 1 * ldc + 0, c10, alphaV, betaV);
            Update(c + 1 * ldc + 16, c11, alphaV, betaV);
            Update(c + 2 * ldc + 0, c20, alphaV, betaV);
            Update(c + 2 * ldc + 16, c21, alphaV, betaV);
            Update(c + 3 * ldc + 0, c30, alphaV, betaV);
            Update(c + 3 * ldc + 16, c31, alphaV, betaV);
            Update(c + 4 * ldc + 0, c40, alphaV, betaV);
            Update(c + 4 * ldc + 16, c41, alphaV, betaV);
            Update(c + 5 * ldc + 0, c50, alphaV, betaV);
            Update(c + 5 * ldc + 16, c51, alphaV, betaV);
            Update(c + 6 * ldc + 0, c60, alphaV, betaV);
            Update(c + 6 * ldc + 16, c61, alphaV, betaV);
            Update(c + 7 * ldc + 0, c70, alphaV, betaV);
            Update(c + 7 * ldc + 16, c71, alphaV, betaV);
            Update(c + 8 * ldc + 0, c80, alphaV, betaV);
            Update(c + 8 * ldc + 16, c81, alphaV, betaV);
            Update(c + 9 * ldc + 0, c90, alphaV, betaV);
            Update(c + 9 * ldc + 16, c91, alphaV, betaV);
            Update(c + 10 * ldc + 0, c100, alphaV, betaV);
            Update(c + 10 * ldc + 16, c101, alphaV, betaV);
            Update(c + 11 * ldc + 0, c110, alphaV, betaV);
            Update(c + 11 * ldc + 16, c111, alphaV, betaV);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(float* c, Vector512<float> acc, Vector512<float> alpha, Vector512<float> beta)
    {
        Vector512.FusedMultiplyAdd(alpha, acc, beta * Vector512.Load(c)).Store(c);
    }
}
