using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Features;

/// <summary>
/// Share of spectral power above 0.25 cycles/pixel (radial frequency) in the Hann-windowed,
/// mean-removed luma, DC excluded. Over-sharpened, noisy or "deep-fried" images raise it.
/// </summary>
public static class HighFrequencyEnergy
{
    public const double CutoffCyclesPerPixel = 0.25;

    public static double Ratio(Plane luma)
    {
        ArgumentNullException.ThrowIfNull(luma);
        int n = luma.Width;
        if (luma.Height != n || (n & (n - 1)) != 0)
        {
            throw new ArgumentException($"High-frequency energy needs a square power-of-two plane, got {luma.Width}x{luma.Height}.");
        }
        double mean = luma.Data.Average(v => (double)v);
        var hann = new double[n];
        for (int i = 0; i < n; i++)
        {
            hann[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n);
        }
        var re = new double[n * n];
        var im = new double[n * n];
        for (int y = 0; y < n; y++)
        {
            for (int x = 0; x < n; x++)
            {
                re[y * n + x] = (luma[x, y] - mean) * hann[x] * hann[y];
            }
        }
        for (int y = 0; y < n; y++)
        {
            Fft.Forward(re.AsSpan(y * n, n), im.AsSpan(y * n, n));
        }
        var colRe = new double[n];
        var colIm = new double[n];
        double high = 0, total = 0;
        for (int x = 0; x < n; x++)
        {
            for (int y = 0; y < n; y++)
            {
                colRe[y] = re[y * n + x];
                colIm[y] = im[y * n + x];
            }
            Fft.Forward(colRe, colIm);
            double fx = (x < n / 2 ? x : x - n) / (double)n;
            for (int y = 0; y < n; y++)
            {
                if (x == 0 && y == 0)
                {
                    continue;
                }
                double fy = (y < n / 2 ? y : y - n) / (double)n;
                double power = colRe[y] * colRe[y] + colIm[y] * colIm[y];
                total += power;
                if (Math.Sqrt(fx * fx + fy * fy) > CutoffCyclesPerPixel)
                {
                    high += power;
                }
            }
        }
        return total == 0 ? 0 : high / total;
    }
}
