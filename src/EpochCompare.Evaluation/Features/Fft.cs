namespace EpochCompare.Evaluation.Features;

/// <summary>In-place iterative radix-2 complex FFT (forward, unnormalised) for power-of-two lengths.</summary>
public static class Fft
{
    // Twiddle factors e^{-2 pi i k / n} for k < n/2, per length; lengths are few (the analysis canvas).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, (double[] Cos, double[] Sin)> Twiddles = new();

    public static void Forward(Span<double> re, Span<double> im)
    {
        int n = re.Length;
        if (im.Length != n || n == 0 || (n & (n - 1)) != 0)
        {
            throw new ArgumentException($"FFT needs equal power-of-two lengths, got {re.Length} and {im.Length}.");
        }
        // Bit-reversal permutation.
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }
            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        var (cos, sin) = Twiddles.GetOrAdd(n, static size => (
            [.. Enumerable.Range(0, size / 2).Select(k => Math.Cos(-2 * Math.PI * k / size))],
            [.. Enumerable.Range(0, size / 2).Select(k => Math.Sin(-2 * Math.PI * k / size))]));
        for (int length = 2; length <= n; length <<= 1)
        {
            int stride = n / length;
            for (int start = 0; start < n; start += length)
            {
                for (int k = 0; k < length / 2; k++)
                {
                    double wr = cos[k * stride], wi = sin[k * stride];
                    int a = start + k, b = a + length / 2;
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
