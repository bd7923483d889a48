namespace EpochCompare.Evaluation.Signals;

/// <summary>Medians and MAD: with 4 seeds per cell, means are hostage to one odd image.</summary>
public static class RobustStatistics
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }

    public static double? MedianOrNull(IEnumerable<double?> values)
    {
        var present = values.Where(v => v.HasValue && !double.IsNaN(v.Value)).Select(v => v!.Value).ToArray();
        return present.Length == 0 ? null : Median(present);
    }

    /// <summary>Median absolute deviation from the median (unscaled).</summary>
    public static double MedianAbsoluteDeviation(IEnumerable<double> values)
    {
        var list = values.ToArray();
        double median = Median(list);
        return Median(list.Select(v => Math.Abs(v - median)));
    }

    /// <summary>The smallest count that is more than half of <paramref name="total"/>.</summary>
    public static int Majority(int total) => total / 2 + 1;
}
