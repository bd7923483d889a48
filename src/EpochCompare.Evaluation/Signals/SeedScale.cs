namespace EpochCompare.Evaluation.Signals;

/// <summary>
/// "As different as another random seed": the median distance between different seeds of a prompt's
/// reference column, per descriptor. Drift and step change are divided by it, so 1 means "as
/// different from base as a fresh seed is". <paramref name="Pooled"/> when the prompt had fewer than
/// two reference seeds and the scale was pooled over all prompts.
/// </summary>
public sealed record SeedScale(double Composite, double Edges, double Palette, double Texture, int Pairs, bool Pooled)
{
    public static SeedScale? FromPairs(IReadOnlyList<PairDistances> pairs, bool pooled)
    {
        if (pairs.Count == 0)
        {
            return null;
        }
        var scale = new SeedScale(
            RobustStatistics.Median(pairs.Select(p => p.Composite)),
            RobustStatistics.Median(pairs.Select(p => p.Edges)),
            RobustStatistics.Median(pairs.Select(p => p.Palette)),
            RobustStatistics.Median(pairs.Select(p => p.Texture)),
            pairs.Count,
            pooled);
        // Seeds that render identically give no unit to measure drift in.
        return scale.Composite > 1e-9 ? scale : null;
    }

    /// <summary>Divides, leaving the ratio undefined when the reference distance is zero.</summary>
    public static double? Ratio(double distance, double scale) => scale > 1e-9 ? distance / scale : null;
}
