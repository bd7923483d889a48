using EpochCompare.Evaluation.Features;

namespace EpochCompare.Evaluation.Signals;

/// <summary>
/// Robust location and scale of each fried statistic over all reference-column images of the run.
/// Scale = max(1.4826 MAD, floor share x |median|, the statistic's own floor): with a handful of base
/// images the MAD alone can be near zero, which would make any change look extreme; a share statistic
/// whose base median is 0 (no clipped pixels) needs an absolute floor in its own unit.
/// </summary>
public sealed record FriedBaseline(IReadOnlyList<double> Medians, IReadOnlyList<double> Scales)
{
    private const double MadToSigma = 1.4826;

    /// <summary>
    /// Median of each statistic over the training images, when there are any: the look the LoRA is meant
    /// to learn. A sample no more saturated or clipped than its own training data has learned the style, not fried.
    /// </summary>
    public IReadOnlyList<double>? TrainingMedians { get; init; }

    public FriedBaseline WithTraining(IEnumerable<FriedStatistics> trainingStats)
    {
        var all = trainingStats.ToList();
        return all.Count == 0
            ? this
            : this with { TrainingMedians = [.. Enumerable.Range(0, Medians.Count).Select(k => RobustStatistics.Median(all.Select(s => s.Values[k]).ToArray()))] };
    }

    public static FriedBaseline FromReferenceImages(IEnumerable<FriedStatistics> stats, double floorShareOfMedian, IReadOnlyList<double> absoluteFloors)
    {
        var all = stats.ToList();
        if (all.Count == 0)
        {
            throw new ArgumentException("Fried baseline needs at least one reference image.");
        }
        int n = FriedStatistics.Names.Count;
        var medians = new double[n];
        var scales = new double[n];
        for (int k = 0; k < n; k++)
        {
            var values = all.Select(s => s.Values[k]).ToArray();
            medians[k] = RobustStatistics.Median(values);
            double spread = MadToSigma * RobustStatistics.MedianAbsoluteDeviation(values);
            scales[k] = Math.Max(Math.Max(spread, floorShareOfMedian * Math.Abs(medians[k])), Math.Max(absoluteFloors[k], 1e-9));
        }
        return new FriedBaseline(medians, scales);
    }

    /// <summary>
    /// How many statistics are at least <paramref name="minimumZ"/> scales above the pooled base median
    /// and at least <paramref name="minimumRatio"/> times the same seed's own base value (so an unusual
    /// base image is never "fried" by itself, and the LoRA must have made it worse), and, with training
    /// images, at least that multiple of their median too (the training look is not frying).
    /// </summary>
    public int CountElevated(FriedStatistics stats, IReadOnlyList<double> z, double minimumZ, double minimumRatio, FriedStatistics? ownBase) =>
        Enumerable.Range(0, Medians.Count).Count(k =>
            z[k] >= minimumZ && stats.Values[k] >= minimumRatio * (ownBase?.Values[k] ?? Medians[k])
            && (TrainingMedians is null || stats.Values[k] >= minimumRatio * TrainingMedians[k]));

    /// <summary>One z-score per statistic, positive when the image is more "fried" than the base images.</summary>
    public double[] ZScores(FriedStatistics stats) =>
        [.. Enumerable.Range(0, Medians.Count).Select(k => (stats.Values[k] - Medians[k]) / Scales[k])];
}
