namespace EpochCompare.Tensors.Kernels;

/// <summary>
/// A register-blocked kernel computing one Rows x Columns tile of C from packed panels:
/// <c>a</c> holds kc steps of Rows values, <c>b</c> kc steps of Columns values.
/// Every implementation does the same float operations in the same order per element
/// (acc = fma(a, b, acc) over k, then <see cref="GemmTile"/>'s update), so all paths give the same bits.
/// </summary>
internal unsafe interface IGemmMicroKernel
{
    static abstract int Rows { get; }

    static abstract int Columns { get; }

    /// <summary>overwrite: c = alpha * acc (c is not read); otherwise c = fma(alpha, acc, beta * c).</summary>
    static abstract void Multiply(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta, bool overwrite);
}
