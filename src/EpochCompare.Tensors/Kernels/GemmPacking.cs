using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EpochCompare.Tensors.Kernels;

/// <summary>
/// Copies an operand block into the panel layout the micro-kernels stream: for each k step,
/// <c>width</c> consecutive values (rows of A, or columns of B), zero-padded past <c>valid</c>.
/// Transposing packs go through 8x8 in-register transposes, so x·Wᵀ costs about what x·W does.
/// Packs may write up to <see cref="Slack"/> floats past the panel end: buffers reserve it.
/// </summary>
internal static unsafe class GemmPacking
{
    public const int Slack = 16;

    /// <summary>How many k rows ahead <see cref="CopyPanels"/> prefetches.</summary>
    private const int PrefetchRows = 4;

    /// <summary>
    /// <see cref="CopyPanel"/> for <paramref name="panels"/> consecutive panels at once (panel q takes rows
    /// [q * width, q * width + width) of <paramref name="rows"/>, written at dst + q * width * kc), walking k in the
    /// outer loop: each source row is read once, contiguously, instead of once per panel with a cache miss each time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CopyPanels(float* src, long ld, int kc, int width, int rows, int panels, float* dst)
    {
        int fullPanels = Math.Min(panels, rows / width);
        long panelSize = (long)width * kc;
        int span = fullPanels * width;
        for (int p = 0; p < kc; p++)
        {
            float* s = src + p * ld;
            float* d = dst + p * width;
            if (Sse.IsSupported && p + PrefetchRows < kc)
            {
                // Source rows are a page apart in a transposed operand: fetch a few rows ahead by hand.
                float* ahead = s + PrefetchRows * ld;
                for (int r = 0; r < span; r += 16)
                {
                    Sse.Prefetch0(ahead + r);
                }
                Sse.Prefetch0(ahead + span - 1);
            }
            for (int q = 0; q < fullPanels; q++)
            {
                float* sq = s + q * width;
                float* dq = d + q * panelSize;
                int r = 0;
                if (Vector128.IsHardwareAccelerated)
                {
                    for (; r + 8 <= width; r += 8)
                    {
                        Vector256.Store(Vector256.Load(sq + r), dq + r);
                    }
                    for (; r + 4 <= width; r += 4)
                    {
                        Vector128.Store(Vector128.Load(sq + r), dq + r);
                    }
                }
                for (; r < width; r++)
                {
                    dq[r] = sq[r];
                }
            }
        }
        for (int q = fullPanels; q < panels; q++)
        {
            CopyPanel(src + q * width, ld, kc, width, Math.Min(width, rows - q * width), dst + q * panelSize);
        }
    }

    /// <summary>dst[p * width + r] = src[p * ld + r] for r &lt; valid, zero up to width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CopyPanel(float* src, long ld, int kc, int width, int valid, float* dst)
    {
        if (valid == width && Vector128.IsHardwareAccelerated)
        {
            // Full panels (the common case, e.g. MR = 6 rows of a transposed A): 8- and 4-wide moves, then singles.
            for (int p = 0; p < kc; p++)
            {
                float* s = src + p * ld;
                float* d = dst + p * width;
                int r = 0;
                for (; r + 8 <= width; r += 8)
                {
                    Vector256.Store(Vector256.Load(s + r), d + r);
                }
                for (; r + 4 <= width; r += 4)
                {
                    Vector128.Store(Vector128.Load(s + r), d + r);
                }
                for (; r < width; r++)
                {
                    d[r] = s[r];
                }
            }
            return;
        }
        for (int p = 0; p < kc; p++)
        {
            float* s = src + p * ld;
            float* d = dst + p * width;
            int r = 0;
            for (; r < valid; r++)
            {
                d[r] = s[r];
            }
            for (; r < width; r++)
            {
                d[r] = 0f;
            }
        }
    }

    /// <summary>dst[p * width + r] = src[r * ld + p] for r &lt; valid, zero up to width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposePanel(float* src, long ld, int kc, int width, int valid, float* dst)
    {
        int p = 0;
        if (Avx.IsSupported)
        {
            int groups = (width + 7) / 8;
            for (; p + 8 <= kc; p += 8)
            {
                // The last group may be partial; its 8-wide stores spill into the next k step's first
                // lanes, so it goes first and the full groups overwrite the spill afterwards.
                for (int g = groups - 1; g >= 0; g--)
                {
                    TransposeGroup(src + p, ld, g * 8, valid, dst + p * width + g * 8, width);
                }
            }
        }
        for (; p < kc; p++)
        {
            float* d = dst + p * width;
            int r = 0;
            for (; r < valid; r++)
            {
                d[r] = src[r * ld + p];
            }
            for (; r < width; r++)
            {
                d[r] = 0f;
            }
        }
    }

    /// <summary>Transposes rows row0..row0+7 (zeros past valid) x 8 k steps into 8 stores of 8 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeGroup(float* src, long ld, int row0, int valid, float* dst, int width)
    {
        Vector256<float> r0 = LoadRow(src, ld, row0 + 0, valid);
        Vector256<float> r1 = LoadRow(src, ld, row0 + 1, valid);
        Vector256<float> r2 = LoadRow(src, ld, row0 + 2, valid);
        Vector256<float> r3 = LoadRow(src, ld, row0 + 3, valid);
        Vector256<float> r4 = LoadRow(src, ld, row0 + 4, valid);
        Vector256<float> r5 = LoadRow(src, ld, row0 + 5, valid);
        Vector256<float> r6 = LoadRow(src, ld, row0 + 6, valid);
        Vector256<float> r7 = LoadRow(src, ld, row0 + 7, valid);

        Vector256<float> t0 = Avx.UnpackLow(r0, r1);
        Vector256<float> t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3);
        Vector256<float> t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5);
        Vector256<float> t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7);
        Vector256<float> t7 = Avx.UnpackHigh(r6, r7);

        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44);
        Vector256<float> u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44);
        Vector256<float> u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44);
        Vector256<float> u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44);
        Vector256<float> u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Permute2x128(u0, u4, 0x20).Store(dst);
        Avx.Permute2x128(u1, u5, 0x20).Store(dst + width);
        Avx.Permute2x128(u2, u6, 0x20).Store(dst + 2 * width);
        Avx.Permute2x128(u3, u7, 0x20).Store(dst + 3 * width);
        Avx.Permute2x128(u0, u4, 0x31).Store(dst + 4 * width);
        Avx.Permute2x128(u1, u5, 0x31).Store(dst + 5 * width);
        Avx.Permute2x128(u2, u6, 0x31).Store(dst + 6 * width);
        Avx.Permute2x128(u3, u7, 0x31).Store(dst + 7 * width);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> LoadRow(float* src, long ld, int row, int valid)
    {
        return row < valid ? Vector256.Load(src + row * ld) : Vector256<float>.Zero;
    }
}
