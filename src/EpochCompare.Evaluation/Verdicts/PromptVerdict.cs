namespace EpochCompare.Evaluation.Verdicts;

/// <summary>
/// The answer for one prompt, or for the whole run (<see cref="OverallPromptId"/>): verdict word,
/// key checkpoints, the next experiment and the reasons with their numbers.
/// </summary>
public sealed record PromptVerdict
{
    public const string OverallPromptId = "*";
    public const string OverallRole = "all";

    public required string PromptId { get; init; }
    public required string Role { get; init; }

    /// <summary>ok / learning / not_learned / overfit / memorized / fried / collapsed / concept_lost.</summary>
    public required string Verdict { get; init; }

    public int? LearnedEpoch { get; init; }
    public int? OverfitFrom { get; init; }
    public string? OverfitKind { get; init; }

    /// <summary>For the overall row: the prompt whose onset is earliest.</summary>
    public string? OverfitTrigger { get; init; }

    public int? SweetSpotFrom { get; init; }
    public int? SweetSpotTo { get; init; }
    public int? RecommendedEpoch { get; init; }
    public NextExperiment? Next { get; init; }
    public required IReadOnlyList<Reason> Reasons { get; init; }

    /// <summary>What the verdict rests on: <c>appearance</c> (no pretrained model) or <c>semantic:clip+dinov2</c> (or one of them) plus appearance.</summary>
    public string Basis { get; init; } = AppearanceBasis;

    public const string AppearanceBasis = "appearance";

    public string ReasonText => string.Join("; ", Reasons);
}
