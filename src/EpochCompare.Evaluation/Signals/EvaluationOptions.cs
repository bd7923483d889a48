using EpochCompare.Evaluation.Verdicts;

namespace EpochCompare.Evaluation.Signals;

/// <summary>Switches for one evaluation run.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Also match horizontally flipped training images (trainers often use flip augmentation).</summary>
    public bool MatchFlips { get; init; } = true;

    /// <summary>"epoch" or "step": what the checkpoint numbers count, written to the CSVs.</summary>
    public string CheckpointUnit { get; init; } = "epoch";

    public string RunId { get; init; } = "run";

    public VerdictRules Rules { get; init; } = VerdictRules.Default;
}
