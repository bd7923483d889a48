using EpochCompare.Evaluation.Signals;

namespace EpochCompare.Evaluation.Verdicts;

/// <summary>Where a flag starts to stick: a single noisy column is a blip, not an onset.</summary>
public static class OverfitOnset
{
    /// <summary>
    /// The first checkpoint whose flag also holds at each of the next <paramref name="persistence"/>
    /// checkpoints (or through the last one), or null.
    /// </summary>
    public static EpochSummary? Find(IReadOnlyList<EpochSummary> series, int persistence)
    {
        ArgumentNullException.ThrowIfNull(series);
        for (int i = 0; i < series.Count; i++)
        {
            if (!series[i].Flags.Any)
            {
                continue;
            }
            bool holds = true;
            for (int j = i + 1; j <= Math.Min(series.Count - 1, i + persistence); j++)
            {
                holds &= series[j].Flags.Any;
            }
            if (holds)
            {
                return series[i];
            }
        }
        return null;
    }

    /// <summary>Flagged checkpoints that did not persist: reported so the user sees they were considered.</summary>
    public static IEnumerable<EpochSummary> Blips(IReadOnlyList<EpochSummary> series, EpochSummary? onset) =>
        series.Where(s => s.Flags.Any && (onset is null || s.Epoch < onset.Epoch));
}
