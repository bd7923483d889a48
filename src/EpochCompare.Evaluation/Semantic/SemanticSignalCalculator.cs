using EpochCompare.Evaluation.Diversity;
using EpochCompare.Evaluation.Features;
using EpochCompare.Evaluation.Signals;
using EpochCompare.Evaluation.Verdicts;

namespace EpochCompare.Evaluation.Semantic;

/// <summary>The semantic signal table of a run: per image and per column, plus the DINOv2 references.</summary>
public sealed record SemanticTable(
    IReadOnlyList<SemanticSeedSignals> Seeds,
    IReadOnlyList<SemanticColumnSignals> Columns,
    SemanticReferences References,
    string? Encoders)
{
    public static SemanticTable Empty { get; } = new([], [], new SemanticReferences(null, new Dictionary<string, double?>(), null), null);

    public SemanticColumnSignals? Column(string prompt, int epoch) => Columns.FirstOrDefault(c => c.PromptId == prompt && c.Epoch == epoch);
}

/// <summary>
/// Embeddings to signals: concept probability (softmax over the concept and its alternatives at
/// CLIP's temperature) and its drop from the same seed's base image, CLIPScore against the full
/// prompt, DINOv2 nearest training image with a memorised flag calibrated on the training set's own
/// neighbours, and DINOv2 Vendi diversity of the seeds against the base column.
/// </summary>
public static class SemanticSignalCalculator
{
    /// <param name="cells">Every sample's key; <paramref name="referenceEpochOf"/> gives each prompt's base column.</param>
    public static SemanticTable Compute(SemanticInputs inputs, IReadOnlyList<SampleKey> cells, Func<string, int> referenceEpochOf, VerdictRules rules)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (!inputs.HasClip && !inputs.HasDino)
        {
            return SemanticTable.Empty;
        }
        var scores = new Dictionary<SampleKey, double>();
        if (inputs.HasClip)
        {
            foreach (SampleKey key in cells)
            {
                if (inputs.ClipImages.TryGetValue(key, out float[]? image) && inputs.Concepts.TryGetValue(key.PromptId, out PromptConcept? concept))
                {
                    scores[key] = ConceptProbability(image, concept, inputs.LogitScale);
                }
            }
        }
        var nearest = inputs.DinoTraining.Count == 0
            ? new Dictionary<SampleKey, (double Cosine, string Id)>()
            : cells.Where(inputs.DinoImages.ContainsKey).ToDictionary(k => k, k => Nearest(inputs.DinoImages[k], inputs.DinoTraining, null));
        SemanticReferences references = References(inputs, cells, nearest, referenceEpochOf, rules);

        var seeds = new List<SemanticSeedSignals>();
        foreach (SampleKey key in cells.OrderBy(k => k.PromptId, StringComparer.Ordinal).ThenBy(k => k.Epoch).ThenBy(k => k.Seed))
        {
            int reference = referenceEpochOf(key.PromptId);
            double? score = scores.TryGetValue(key, out double s) ? s : null;
            double? baseScore = scores.TryGetValue(key with { Epoch = reference }, out double b) ? b : null;
            bool isReference = key.Epoch == reference;
            bool lost = !isReference && score is double sc && baseScore is double bs
                && bs >= rules.ConceptPresentScore && sc < rules.ConceptKeptShare * bs;
            double? clipScore = inputs.HasClip && inputs.ClipImages.TryGetValue(key, out float[]? image) && inputs.Concepts.TryGetValue(key.PromptId, out PromptConcept? c)
                ? 2.5 * Math.Max(VectorMath.Cosine(image, c.PromptEmbedding), 0)
                : null;
            (double Cosine, string Id)? nn = nearest.TryGetValue(key, out var found) ? found : null;
            double? baseToTrain = references.BaseToTrain.GetValueOrDefault(key.PromptId);
            double? memNorm = nn is { } n && references.TrainToTrain is double tt && baseToTrain is double bt && tt - bt >= rules.MinimumMemorizationGap
                ? (n.Cosine - bt) / (tt - bt)
                : null;
            seeds.Add(new SemanticSeedSignals
            {
                Key = key,
                ReferenceEpoch = reference,
                ConceptScore = score,
                ConceptBase = baseScore,
                ConceptLost = lost,
                ClipPromptScore = clipScore,
                DinoTrainNearest = nn?.Cosine,
                DinoTrainNearestId = nn?.Id,
                DinoMemorizationNorm = memNorm,
                DinoMemorized = !isReference && nn is { } m && references.MemorizedCosine is double limit && m.Cosine >= limit,
            });
        }
        var columns = Columns(inputs, seeds, referenceEpochOf, rules);
        return new SemanticTable(seeds, columns, references, inputs.Encoders);
    }

    /// <summary>softmax(scale x cos(image, text_i)) at the concept (index 0).</summary>
    public static double ConceptProbability(float[] image, PromptConcept concept, double logitScale)
    {
        var logits = concept.CandidateEmbeddings.Select(t => logitScale * VectorMath.Cosine(image, t)).ToArray();
        double max = logits.Max();
        double total = logits.Sum(l => Math.Exp(l - max));
        return Math.Exp(logits[0] - max) / total;
    }

    private static (double Cosine, string Id) Nearest(float[] image, IReadOnlyList<(string Id, float[] Embedding)> training, string? exclude)
    {
        (double, string) best = (double.NegativeInfinity, "");
        foreach ((string id, float[] embedding) in training)
        {
            if (id == exclude)
            {
                continue;
            }
            double cos = VectorMath.Cosine(image, embedding);
            if (cos > best.Item1)
            {
                best = (cos, id);
            }
        }
        return best;
    }

    private static SemanticReferences References(
        SemanticInputs inputs,
        IReadOnlyList<SampleKey> cells,
        Dictionary<SampleKey, (double Cosine, string Id)> nearest,
        Func<string, int> referenceEpochOf,
        VerdictRules rules)
    {
        double? trainToTrain = inputs.DinoTraining.Count >= 2
            ? RobustStatistics.Median(inputs.DinoTraining.Select(t => Nearest(t.Embedding, inputs.DinoTraining, t.Id).Cosine))
            : null;
        var baseToTrain = cells.Select(c => c.PromptId).Distinct().ToDictionary(
            p => p,
            p => RobustStatistics.MedianOrNull(nearest.Where(kv => kv.Key.PromptId == p && kv.Key.Epoch == referenceEpochOf(p)).Select(kv => (double?)kv.Value.Cosine)),
            StringComparer.Ordinal);
        double? limit = inputs.DinoTraining.Count == 0 ? null : Math.Max(rules.DinoCopyCosine, trainToTrain ?? rules.DinoCopyCosine);
        return new SemanticReferences(trainToTrain, baseToTrain, limit);
    }

    private static List<SemanticColumnSignals> Columns(SemanticInputs inputs, List<SemanticSeedSignals> seeds, Func<string, int> referenceEpochOf, VerdictRules rules)
    {
        var columns = new List<SemanticColumnSignals>();
        var vendi = new Dictionary<(string, int), double>();
        foreach (var group in seeds.GroupBy(s => (s.Key.PromptId, s.Key.Epoch)))
        {
            var vectors = group.Select(s => inputs.DinoImages.GetValueOrDefault(s.Key)).Where(v => v is not null).ToList();
            if (vectors.Count >= 2)
            {
                vendi[group.Key] = VendiScore.FromVectors(vectors!);
            }
        }
        foreach (var group in seeds.GroupBy(s => (s.Key.PromptId, s.Key.Epoch)).OrderBy(g => g.Key.PromptId, StringComparer.Ordinal).ThenBy(g => g.Key.Epoch))
        {
            var column = group.ToList();
            int reference = referenceEpochOf(group.Key.PromptId);
            bool isReference = group.Key.Epoch == reference;
            int majority = RobustStatistics.Majority(column.Count);
            int present = column.Count(s => s.ConceptBase >= rules.ConceptPresentScore);
            int lost = column.Count(s => s.ConceptLost);
            int memorized = column.Count(s => s.DinoMemorized);
            double? v = vendi.TryGetValue(group.Key, out double value) ? value : null;
            double? baseVendi = vendi.TryGetValue((group.Key.PromptId, reference), out double bv) ? bv : null;
            double? ratio = v is double a && baseVendi is double b && b > 0 ? a / b : null;
            var best = column.Where(s => s.DinoTrainNearest is not null).MaxBy(s => s.DinoTrainNearest);
            columns.Add(new SemanticColumnSignals
            {
                PromptId = group.Key.PromptId,
                Epoch = group.Key.Epoch,
                IsReference = isReference,
                Seeds = column.Count,
                Concept = inputs.Concepts.GetValueOrDefault(group.Key.PromptId)?.Concept,
                ConceptScore = RobustStatistics.MedianOrNull(column.Select(s => s.ConceptScore)),
                ConceptBase = RobustStatistics.MedianOrNull(column.Select(s => s.ConceptBase)),
                ConceptDrop = RobustStatistics.MedianOrNull(column.Select(s => s.ConceptDrop)),
                ConceptLostSeeds = lost,
                ConceptPresentSeeds = present,
                ClipPromptScore = RobustStatistics.MedianOrNull(column.Select(s => s.ClipPromptScore)),
                DinoTrainNearest = RobustStatistics.MedianOrNull(column.Select(s => s.DinoTrainNearest)),
                DinoTrainNearestId = best?.DinoTrainNearestId,
                DinoMemorizedSeeds = memorized,
                DinoVendi = v,
                DinoVendiRatio = ratio,
                // Lost needs a majority of the seeds whose base showed the concept, and a majority of all seeds.
                ConceptLost = !isReference && present >= majority && lost >= RobustStatistics.Majority(present),
                Memorized = !isReference && memorized >= majority,
                Collapsed = !isReference && ratio < rules.CollapseVendiRatio && v < column.Count / 2.0,
            });
        }
        return columns;
    }
}
