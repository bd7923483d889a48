using System.Runtime.CompilerServices;

namespace EpochCompare.Tensors.Kernels;

/// <summary>4x4 tile in scalar registers, for CPUs without SIMD acceleration; same fma order as the vector kernels.</summary>
internal readonly unsafe struct GemmKernelScalar : IGemmMicroKernel
{
    private const int Size = 4;

    public static int Rows => Size;

    public static int Columns => Size;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta, bool overwrite)
    {
        float* acc = stackalloc float[Size * Size];
        for (int i = 0; i < Size * Size; i++)
        {
            acc[i] = 0f;
        }
        for (int p = 0; p < kc; p++)
        {
            for (int r = 0; r < Size; r++)
            {
                float ar = a[r];
                float* row = acc + r * Size;
                row[0] = MathF.FusedMultiplyAdd(ar, b[0], row[0]);
                row[1] = MathF.FusedMultiplyAdd(ar, b[1], row[1]);
                row[2] = MathF.FusedMultiplyAdd(ar, b[2], row[2]);
                row[3] = MathF.FusedMultiplyAdd(ar, b[3], row[3]);
            }
            a += Size;
            b += Size;
        }
        GemmTile.Apply(acc, Size, Size, Size, c, ldc, alpha, beta, overwrite);
    }
}
