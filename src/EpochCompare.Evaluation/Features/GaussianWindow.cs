namespace EpochCompare.Evaluation.Features;

/// <summary>A normalised 1-D Gaussian kernel; SSIM uses it separably (11 taps, sigma 1.5).</summary>
public static class GaussianWindow
{
    public static float[] Create(int taps, double sigma)
    {
        if (taps <= 0 || taps % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(taps), $"Gaussian window needs an odd positive tap count, got {taps}.");
        }
        var weights = new double[taps];
        int half = taps / 2;
        double sum = 0;
        for (int i = 0; i < taps; i++)
        {
            double d = i - half;
            weights[i] = Math.Exp(-d * d / (2 * sigma * sigma));
            sum += weights[i];
        }
        return [.. weights.Select(w => (float)(w / sum))];
    }
}
