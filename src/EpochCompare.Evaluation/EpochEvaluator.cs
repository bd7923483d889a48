using EpochCompare.Evaluation.Semantic;
using EpochCompare.Evaluation.Signals;
using EpochCompare.Evaluation.Verdicts;

namespace EpochCompare.Evaluation;

/// <summary>
/// The in-process entry point used by <c>metrics</c>, <c>demo</c> and <c>train --grid</c>: sample cells
/// (prompt, checkpoint, seed, image; checkpoint 0 = base model), optional training images and prompt
/// roles in, signals, summaries and verdicts out. Write them with the CSV writers and the HTML report.
/// </summary>
public static class EpochEvaluator
{
    public static EvaluationResult Evaluate(
        IReadOnlyList<SampleCell> cells,
        IReadOnlyList<TrainingImage> trainingImages,
        IReadOnlyDictionary<string, PromptRole> roles,
        EvaluationOptions? options = null,
        Action<int, int>? onImageDone = null,
        SemanticInputs? semantic = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(trainingImages);
        ArgumentNullException.ThrowIfNull(roles);
        options ??= new EvaluationOptions();
        VerdictRules rules = options.Rules;

        SampleSet samples = SampleSet.Measure(cells, done => onImageDone?.Invoke(done, cells.Count));
        TrainingSet training = trainingImages.Count == 0 ? TrainingSet.Empty : TrainingSet.Measure(trainingImages, options.MatchFlips);
        RunReferences references = RunReferences.Measure(samples, training, rules);
        var promptRoles = samples.Prompts.ToDictionary(p => p, p => roles.GetValueOrDefault(p, PromptRoles.Default), StringComparer.Ordinal);

        IReadOnlyList<SeedSignals> signals = new SeedSignalCalculator(samples, training, references, promptRoles, rules).ComputeAll();
        SemanticTable semanticTable = SemanticSignalCalculator.Compute(
            semantic ?? SemanticInputs.None,
            [.. cells.Select(c => new SampleKey(c.PromptId, c.Epoch, c.Seed))],
            samples.ReferenceEpochOf,
            rules);
        var summaries = Summarize(samples, training, signals, rules)
            .Select(s => s.WithSemantic(semanticTable.Column(s.PromptId, s.Epoch)))
            .ToList();
        var notes = Notes(samples, training, references);
        SemanticNotes.Add(notes, semanticTable, samples.Prompts, rules);
        string basis = semanticTable.Encoders is { } encoders ? $"semantic:{encoders}" : PromptVerdict.AppearanceBasis;
        var verdicts = new VerdictEngine(rules).Decide(summaries, notes).Select(v => v with { Basis = basis }).ToList();
        return new EvaluationResult
        {
            Options = options,
            Samples = samples,
            Training = training,
            References = references,
            Signals = signals,
            Summaries = summaries,
            Verdicts = verdicts,
            Semantic = semanticTable,
        };
    }

    private static List<EpochSummary> Summarize(SampleSet samples, TrainingSet training, IReadOnlyList<SeedSignals> signals, VerdictRules rules)
    {
        var byColumn = signals.ToLookup(s => (s.PromptId, s.Epoch));
        var summaries = new List<EpochSummary>();
        foreach (string prompt in samples.Prompts)
        {
            var baseColumn = samples.Column(prompt, samples.ReferenceEpochOf(prompt));
            ColumnDiversity? reference = ColumnDiversity.Measure(baseColumn);
            // Seeds as alike as the training images are to each other is the data learned, not a collapse
            // (a style set on one background is less diverse than the base model): measure against the lower.
            if (reference is not null && ColumnDiversity.TrainingVendi(training, baseColumn.Count) is double trainingVendi && trainingVendi < reference.Vendi)
            {
                reference = reference with { Vendi = trainingVendi };
            }
            foreach (int epoch in samples.EpochsOf(prompt))
            {
                var column = byColumn[(prompt, epoch)].OrderBy(s => s.Seed).ToList();
                summaries.Add(EpochSummary.Summarize(column, ColumnDiversity.Measure(samples.Column(prompt, epoch)), reference, rules));
            }
        }
        return summaries;
    }

    private static Dictionary<string, IReadOnlyList<Reason>> Notes(SampleSet samples, TrainingSet training, RunReferences references)
    {
        var notes = new Dictionary<string, IReadOnlyList<Reason>>(StringComparer.Ordinal);
        var run = new List<Reason>();
        if (training.Count == 0)
        {
            run.Add(Reason.Of("NO_TRAINING_DATA", null, ("effect", "no nearest-image, memorisation or training-pull signals")));
        }
        else if (training.Count < 2)
        {
            run.Add(Reason.Of("ONE_TRAINING_IMAGE", null, ("effect", "no training neighbourhood: no M_norm or Carlini ratio")));
        }
        if (samples.Prompts.Count < 2)
        {
            run.Add(Reason.Of("ONE_PROMPT", null, ("effect", "no cross-prompt leak")));
        }
        notes[PromptVerdict.OverallPromptId] = run;
        foreach (string prompt in samples.Prompts)
        {
            var list = new List<Reason>();
            if (!samples.HasBaseColumn(prompt))
            {
                list.Add(Reason.Of("NO_BASE_COLUMN", samples.ReferenceEpochOf(prompt), ("reference", "earliest checkpoint")));
            }
            SeedScale? scale = references.SeedScales[prompt];
            if (scale is null)
            {
                list.Add(Reason.Of("NO_SEED_SCALE", null, ("effect", "drift and step change not measurable")));
            }
            else
            {
                list.Add(Reason.Of(scale.Pooled ? "SEED_SCALE_POOLED" : "SEED_SCALE", null, ("D_seed", scale.Composite), ("pairs", scale.Pairs)));
            }
            notes[prompt] = list;
        }
        return notes;
    }
}
