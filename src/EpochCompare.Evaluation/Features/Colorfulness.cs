using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Features;

/// <summary>
/// Hasler and Suesstrunk (2003) colourfulness: rg = R - G, yb = (R + G)/2 - B,
/// M = sqrt(var rg + var yb) + 0.3 sqrt(mean rg^2 + mean yb^2). 0 for any grey image.
/// </summary>
public static class Colorfulness
{
    public static double Compute(AnalysisImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        float[] r = image.Red.Data, g = image.Green.Data, b = image.Blue.Data;
        int n = r.Length;
        double sumRg = 0, sumYb = 0, sqRg = 0, sqYb = 0;
        for (int i = 0; i < n; i++)
        {
            double rg = r[i] - g[i];
            double yb = 0.5 * (r[i] + g[i]) - b[i];
            sumRg += rg;
            sumYb += yb;
            sqRg += rg * rg;
            sqYb += yb * yb;
        }
        double meanRg = sumRg / n, meanYb = sumYb / n;
        double varRg = Math.Max(0, sqRg / n - meanRg * meanRg);
        double varYb = Math.Max(0, sqYb / n - meanYb * meanYb);
        return Math.Sqrt(varRg + varYb) + 0.3 * Math.Sqrt(meanRg * meanRg + meanYb * meanYb);
    }
}
