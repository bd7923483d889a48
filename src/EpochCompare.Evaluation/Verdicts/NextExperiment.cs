namespace EpochCompare.Evaluation.Verdicts;

/// <summary>The run a user would do next: refine between two checkpoints, train longer, or retrain gentler.</summary>
public sealed record NextExperiment(string Kind, int? From, int? To, int? Every, string Text)
{
    /// <summary>
    /// A quarter of the current spacing, rounded down to a readable step (1, 2, 2.5, 5 x 10^k), at least 1:
    /// a gap of 100 refines to 25, 25 to 5, 250 steps to 50.
    /// </summary>
    public static int RefinedStep(int gap)
    {
        double target = gap / 4.0;
        if (target <= 1)
        {
            return 1;
        }
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(target)));
        double best = magnitude;
        foreach (double m in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (m * magnitude <= target + 1e-9)
            {
                best = m * magnitude;
            }
        }
        return Math.Max(1, (int)Math.Floor(best));
    }
}
