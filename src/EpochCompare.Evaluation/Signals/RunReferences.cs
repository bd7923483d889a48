using EpochCompare.Evaluation.Features;
using EpochCompare.Evaluation.Verdicts;

namespace EpochCompare.Evaluation.Signals;

/// <summary>
/// The yardsticks measured in this run that every signal is scaled by: base seed-to-seed distance
/// per prompt, training-set nearest-neighbour similarity, base-to-training similarity per prompt,
/// base cross-prompt similarity per prompt pair, and the base "fried" statistics.
/// </summary>
public sealed class RunReferences
{
    public required IReadOnlyDictionary<string, SeedScale?> SeedScales { get; init; }
    public required TrainingReferences Training { get; init; }

    /// <summary>R_bt(p): median over reference seeds of the best composite similarity to any training variant.</summary>
    public required IReadOnlyDictionary<string, double?> BaseToTraining { get; init; }

    /// <summary>R_xp(p, q): median over shared seeds of the composite similarity of the two reference columns.</summary>
    public required IReadOnlyDictionary<(string, string), double> CrossPrompt { get; init; }

    public required FriedBaseline Fried { get; init; }

    public static RunReferences Measure(SampleSet samples, TrainingSet training, VerdictRules rules)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(training);
        var pairsByPrompt = samples.Prompts.ToDictionary(p => p, p => SeedPairs(samples, p), StringComparer.Ordinal);
        var pooled = SeedScale.FromPairs([.. pairsByPrompt.Values.SelectMany(v => v)], pooled: true);
        var scales = samples.Prompts.ToDictionary(
            p => p,
            p => SeedScale.FromPairs(pairsByPrompt[p], pooled: false) ?? pooled,
            StringComparer.Ordinal);

        var baseToTraining = samples.Prompts.ToDictionary(
            p => p,
            p => training.Count == 0
                ? (double?)null
                : RobustStatistics.Median(samples.Column(p, samples.ReferenceEpochOf(p)).Select(c => NearestTraining.Find(c.Features, training).Similarity)),
            StringComparer.Ordinal);

        var cross = new Dictionary<(string, string), double>();
        foreach (string p in samples.Prompts)
        {
            foreach (string q in samples.Prompts.Where(q => q != p))
            {
                var sims = samples.SeedsOf(p)
                    .Select(s => (A: samples.Get(p, samples.ReferenceEpochOf(p), s), B: samples.Get(q, samples.ReferenceEpochOf(q), s)))
                    .Where(x => x.A is not null && x.B is not null)
                    .Select(x => VectorMath.Cosine(x.A!.Features.Composite, x.B!.Features.Composite))
                    .ToArray();
                if (sims.Length > 0)
                {
                    cross[(p, q)] = RobustStatistics.Median(sims);
                }
            }
        }

        var referenceStats = samples.Prompts.SelectMany(p => samples.Column(p, samples.ReferenceEpochOf(p))).Select(c => c.Features.Fried);
        return new RunReferences
        {
            SeedScales = scales,
            Training = TrainingReferences.Measure(training),
            BaseToTraining = baseToTraining,
            CrossPrompt = cross,
            Fried = FriedBaseline.FromReferenceImages(referenceStats, rules.FriedScaleFloorShare, rules.FriedAbsoluteFloors)
                .WithTraining(training.Features.Select(f => f.Fried)),
        };
    }

    private static List<PairDistances> SeedPairs(SampleSet samples, string prompt)
    {
        var column = samples.Column(prompt, samples.ReferenceEpochOf(prompt));
        var pairs = new List<PairDistances>();
        for (int i = 0; i < column.Count; i++)
        {
            for (int j = i + 1; j < column.Count; j++)
            {
                pairs.Add(PairDistances.Between(column[i].Features, column[j].Features, aligned: false));
            }
        }
        return pairs;
    }
}
