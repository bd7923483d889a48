namespace EpochCompare.Tensors.Kernels;

/// <summary>The C update of a partial edge tile, bit-identical to what the micro-kernels do for full tiles.</summary>
internal static unsafe class GemmTile
{
    /// <summary>Writes rows x cols of <paramref name="acc"/> (row stride <paramref name="accStride"/>) into C.</summary>
    public static void Apply(float* acc, int accStride, int rows, int cols, float* c, int ldc, float alpha, float beta, bool overwrite)
    {
        for (int r = 0; r < rows; r++)
        {
            float* src = acc + r * accStride;
            float* dst = c + r * ldc;
            if (overwrite)
            {
                for (int j = 0; j < cols; j++)
                {
                    dst[j] = alpha * src[j];
                }
            }
            else
            {
                for (int j = 0; j < cols; j++)
                {
                    dst[j] = MathF.FusedMultiplyAdd(alpha, src[j], beta * dst[j]);
                }
            }
        }
    }

    /// <summary>C = beta * C (or 0 when beta is 0, ignoring what C held), for alpha = 0 or k = 0.</summary>
    public static void Scale(float* c, int ldc, int m, int n, float beta)
    {
        for (int i = 0; i < m; i++)
        {
            float* row = c + (long)i * ldc;
            if (beta == 0f)
            {
                new Span<float>(row, n).Clear();
            }
            else if (beta != 1f)
            {
                for (int j = 0; j < n; j++)
                {
                    row[j] *= beta;
                }
            }
        }
    }
}
