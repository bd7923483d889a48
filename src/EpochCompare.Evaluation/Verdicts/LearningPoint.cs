namespace EpochCompare.Evaluation.Verdicts;

/// <summary>
/// Where the adoption curve (drift from base in seed-scales) reaches its plateau: the first checkpoint
/// with adoption at least <c>share</c> x the median adoption over the flag-free checkpoints.
/// </summary>
public static class LearningPoint
{
    public sealed record Result(int Epoch, double Adoption, double Plateau);

    /// <param name="curve">(checkpoint, adoption) ascending by checkpoint, reference column excluded.</param>
    /// <param name="flagFree">Checkpoints without any flag; the plateau is measured there.</param>
    public static Result? Find(IReadOnlyList<(int Epoch, double Adoption)> curve, ISet<int> flagFree, double share, double minimumPlateau)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (curve.Count == 0)
        {
            return null;
        }
        var clean = curve.Where(c => flagFree.Contains(c.Epoch)).Select(c => c.Adoption).ToArray();
        double plateau = Signals.RobustStatistics.Median(clean.Length > 0 ? clean : curve.Select(c => c.Adoption));
        if (!(plateau >= minimumPlateau))
        {
            return null;
        }
        var (epoch, adoption) = curve.First(c => c.Adoption >= share * plateau);
        return new Result(epoch, adoption, plateau);
    }
}
