using EpochCompare.Evaluation.Features;
using EpochCompare.Evaluation.Verdicts;

namespace EpochCompare.Evaluation.Signals;

/// <summary>Computes <see cref="SeedSignals"/> for every sample image, scaled by the run's references.</summary>
public sealed class SeedSignalCalculator(SampleSet samples, TrainingSet training, RunReferences references, IReadOnlyDictionary<string, PromptRole> roles, VerdictRules rules)
{
    public IReadOnlyList<SeedSignals> ComputeAll()
    {
        var work = samples.Prompts
            .SelectMany(p => samples.EpochsOf(p).SelectMany(e => samples.Column(p, e)))
            .ToArray();
        var results = new SeedSignals[work.Length];
        Parallel.For(0, work.Length, i => results[i] = Compute(work[i]));
        return results;
    }

    public SeedSignals Compute(MeasuredCell cell)
    {
        string prompt = cell.Cell.PromptId;
        int seed = cell.Cell.Seed;
        int referenceEpoch = samples.ReferenceEpochOf(prompt);
        MeasuredCell? reference = samples.Get(prompt, referenceEpoch, seed);
        SeedScale? scale = references.SeedScales[prompt];

        // A seed missing from the reference column still gets quality, training and leak signals.
        PairDistances toReference = reference is null
            ? PairDistances.Between(cell.Features, cell.Features, aligned: true)
            : PairDistances.Between(cell.Features, reference.Features, aligned: true);
        bool hasReference = reference is not null && scale is not null;

        var (previousEpoch, toPrevious, step) = PreviousCheckpoint(cell, scale);
        var (nearest, memNorm, carlini, nearDup) = TrainingSignals(cell);
        double[] friedZ = references.Fried.ZScores(cell.Features.Fried);
        int friedCount = references.Fried.CountElevated(cell.Features.Fried, friedZ, rules.FriedZ, rules.FriedRatio, reference?.Features.Fried);

        return new SeedSignals
        {
            Cell = cell,
            Role = roles.GetValueOrDefault(prompt, PromptRoles.Default),
            ReferenceEpoch = referenceEpoch,
            ToReference = toReference,
            Adoption = hasReference ? SeedScale.Ratio(toReference.Composite, scale!.Composite) : null,
            AdoptionComposition = hasReference ? SeedScale.Ratio(toReference.Edges, scale!.Edges) : null,
            AdoptionPalette = hasReference ? SeedScale.Ratio(toReference.Palette, scale!.Palette) : null,
            AdoptionTexture = hasReference ? SeedScale.Ratio(toReference.Texture, scale!.Texture) : null,
            PreviousEpoch = previousEpoch,
            ToPrevious = toPrevious,
            StepChange = step,
            Nearest = nearest,
            MemorizationNorm = memNorm,
            CarliniRatio = carlini,
            NearDuplicate = nearDup,
            Leaks = Leaks(cell),
            FriedZ = friedZ,
            FriedCount = friedCount,
            Fried = friedCount >= rules.FriedStatistics,
        };
    }

    private (int?, PairDistances?, double?) PreviousCheckpoint(MeasuredCell cell, SeedScale? scale)
    {
        string prompt = cell.Cell.PromptId;
        var epochs = samples.EpochsOf(prompt);
        int index = IndexOf(epochs, cell.Cell.Epoch);
        if (index == 0)
        {
            return (null, null, null);
        }
        int previousEpoch = epochs[index - 1];
        MeasuredCell? previous = samples.Get(prompt, previousEpoch, cell.Cell.Seed);
        if (previous is null)
        {
            return (previousEpoch, null, null);
        }
        var distances = PairDistances.Between(cell.Features, previous.Features, aligned: true);
        double? step = scale is null ? null : SeedScale.Ratio(distances.Composite, scale.Composite);
        // Uneven spacing: express the change per typical gap so a long gap is not mistaken for instability.
        double typicalGap = TypicalGap(epochs);
        int gap = cell.Cell.Epoch - previousEpoch;
        if (step is not null && typicalGap > 0 && gap > 0)
        {
            step *= typicalGap / gap;
        }
        return (previousEpoch, distances, step);
    }

    private (NearestTrainingMatch?, double?, double?, bool) TrainingSignals(MeasuredCell cell)
    {
        if (training.Count == 0)
        {
            return (null, null, null, false);
        }
        NearestTrainingMatch match = NearestTraining.Find(cell.Features, training);
        double? memNorm = null;
        double? baseToTraining = references.BaseToTraining[cell.Cell.PromptId];
        double? trainToTrain = references.Training.MedianNearestSimilarity;
        if (baseToTraining is not null && trainToTrain is not null && trainToTrain.Value - baseToTraining.Value >= rules.MinimumMemorizationGap)
        {
            memNorm = (match.Similarity - baseToTraining.Value) / (trainToTrain.Value - baseToTraining.Value);
        }
        double? carlini = null;
        if (references.Training.NeighbourhoodDistance.Count > 0)
        {
            double neighbourhood = references.Training.NeighbourhoodDistance[match.Variant.ImageIndex];
            double distance = Math.Max(0, 1 - match.Similarity);
            carlini = neighbourhood > 1e-9 ? distance / (rules.CarliniAlpha * neighbourhood) : null;
        }
        bool nearDup = match.PerceptualHashDistance <= rules.NearDuplicatePerceptualHashBits
            && match.DifferenceHashDistance <= rules.NearDuplicateDifferenceHashBits;
        return (match, memNorm, carlini, nearDup);
    }

    private List<CrossPromptLeak> Leaks(MeasuredCell cell)
    {
        var leaks = new List<CrossPromptLeak>();
        string prompt = cell.Cell.PromptId;
        foreach (string other in samples.Prompts)
        {
            if (other == prompt || !references.CrossPrompt.TryGetValue((prompt, other), out double baseSimilarity))
            {
                continue;
            }
            MeasuredCell? peer = samples.Get(other, cell.Cell.Epoch, cell.Cell.Seed);
            double gap = 1 - baseSimilarity;
            if (peer is null || gap < 1e-6)
            {
                continue;
            }
            double similarity = VectorMath.Cosine(cell.Features.Composite, peer.Features.Composite);
            leaks.Add(new CrossPromptLeak(other, similarity, baseSimilarity, (similarity - baseSimilarity) / gap));
        }
        return leaks;
    }

    private static double TypicalGap(IReadOnlyList<int> epochs)
    {
        var gaps = new List<double>();
        for (int i = 2; i < epochs.Count; i++)
        {
            gaps.Add(epochs[i] - epochs[i - 1]);
        }
        // With only base + one checkpoint there is one gap, base to first.
        if (gaps.Count == 0 && epochs.Count == 2)
        {
            gaps.Add(epochs[1] - epochs[0]);
        }
        return gaps.Count == 0 ? 0 : RobustStatistics.Median(gaps);
    }

    private static int IndexOf(IReadOnlyList<int> epochs, int epoch)
    {
        for (int i = 0; i < epochs.Count; i++)
        {
            if (epochs[i] == epoch)
            {
                return i;
            }
        }
        throw new InvalidOperationException($"Epoch {epoch} is not in the column list.");
    }
}
