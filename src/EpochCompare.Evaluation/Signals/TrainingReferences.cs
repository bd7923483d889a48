using EpochCompare.Evaluation.Features;

namespace EpochCompare.Evaluation.Signals;

/// <summary>
/// How close training images are to each other: for each image the composite similarity to its
/// nearest other image (self and own mirror excluded; Somepalli's train-to-train background) and
/// the mean composite distance to its k nearest others (Carlini's neighbourhood, k = min(50, n-1)).
/// </summary>
public sealed class TrainingReferences
{
    public const int MaxNeighbours = 50;

    public IReadOnlyList<double> NearestOtherSimilarity { get; }
    public IReadOnlyList<double> NeighbourhoodDistance { get; }

    /// <summary>Median of <see cref="NearestOtherSimilarity"/>: "as close as training images are to each other".</summary>
    public double? MedianNearestSimilarity { get; }

    private TrainingReferences(double[] nearest, double[] neighbourhood)
    {
        NearestOtherSimilarity = nearest;
        NeighbourhoodDistance = neighbourhood;
        MedianNearestSimilarity = nearest.Length == 0 ? null : RobustStatistics.Median(nearest);
    }

    public static TrainingReferences Measure(TrainingSet training)
    {
        ArgumentNullException.ThrowIfNull(training);
        int n = training.Count;
        if (n < 2)
        {
            return new TrainingReferences([], []);
        }
        var nearest = new double[n];
        var neighbourhood = new double[n];
        int k = Math.Min(MaxNeighbours, n - 1);
        Parallel.For(0, n, i =>
        {
            // Best similarity to each other image over its variants (stored and mirrored).
            var best = new double[n];
            Array.Fill(best, double.NegativeInfinity);
            foreach (TrainingVariant v in training.Variants)
            {
                if (v.ImageIndex != i)
                {
                    best[v.ImageIndex] = Math.Max(best[v.ImageIndex], VectorMath.Cosine(training.Features[i].Composite, v.Features.Composite));
                }
            }
            var others = best.Where((_, j) => j != i).OrderDescending().ToArray();
            nearest[i] = others[0];
            neighbourhood[i] = others.Take(k).Average(s => 1 - s);
        });
        return new TrainingReferences(nearest, neighbourhood);
    }
}
