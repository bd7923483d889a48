namespace EpochCompare.Evaluation.Features;

/// <summary>Distances between histograms whose bins sum to 1.</summary>
public static class HistogramDistance
{
    /// <summary>Bhattacharyya coefficient sum sqrt(p q): 1 for identical, 0 for disjoint support.</summary>
    public static double BhattacharyyaCoefficient(ReadOnlySpan<float> p, ReadOnlySpan<float> q)
    {
        CheckLengths(p, q);
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            sum += Math.Sqrt((double)p[i] * q[i]);
        }
        return Math.Min(1, sum);
    }

    /// <summary>Hellinger distance sqrt(1 - BC), in [0, 1].</summary>
    public static double Hellinger(ReadOnlySpan<float> p, ReadOnlySpan<float> q) =>
        Math.Sqrt(Math.Max(0, 1 - BhattacharyyaCoefficient(p, q)));

    /// <summary>Symmetric chi-square 1/2 sum (p-q)^2/(p+q), in [0, 1].</summary>
    public static double ChiSquare(ReadOnlySpan<float> p, ReadOnlySpan<float> q)
    {
        CheckLengths(p, q);
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double total = (double)p[i] + q[i];
            if (total > 0)
            {
                double d = (double)p[i] - q[i];
                sum += d * d / total;
            }
        }
        return 0.5 * sum;
    }

    /// <summary>Swain-Ballard intersection sum min(p, q): 1 for identical, 0 for disjoint.</summary>
    public static double Intersection(ReadOnlySpan<float> p, ReadOnlySpan<float> q)
    {
        CheckLengths(p, q);
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            sum += Math.Min(p[i], q[i]);
        }
        return sum;
    }

    private static void CheckLengths(ReadOnlySpan<float> p, ReadOnlySpan<float> q)
    {
        if (p.Length != q.Length)
        {
            throw new ArgumentException($"Histograms differ in bin count: {p.Length} and {q.Length}.");
        }
    }
}
