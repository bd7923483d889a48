using EpochCompare.Evaluation.Semantic;
using EpochCompare.Evaluation.Signals;
using EpochCompare.Evaluation.Verdicts;

namespace EpochCompare.Evaluation;

/// <summary>Everything one evaluation produced: references, per-image signals, per-column summaries, verdicts.</summary>
public sealed class EvaluationResult
{
    public required EvaluationOptions Options { get; init; }
    public required SampleSet Samples { get; init; }
    public required TrainingSet Training { get; init; }
    public required RunReferences References { get; init; }
    public required IReadOnlyList<SeedSignals> Signals { get; init; }
    public required IReadOnlyList<EpochSummary> Summaries { get; init; }

    /// <summary>CLIP / DINOv2 signals; <see cref="SemanticTable.Empty"/> when no weights were given.</summary>
    public SemanticTable Semantic { get; init; } = SemanticTable.Empty;

    /// <summary>The overall verdict first, then one per prompt in prompt order.</summary>
    public required IReadOnlyList<PromptVerdict> Verdicts { get; init; }

    public PromptVerdict Overall => Verdicts[0];

    public PromptVerdict? VerdictFor(string prompt) => Verdicts.FirstOrDefault(v => v.PromptId == prompt);

    public EpochSummary? SummaryFor(string prompt, int epoch) => Summaries.FirstOrDefault(s => s.PromptId == prompt && s.Epoch == epoch);
}
