using CsvHelper;

namespace EpochCompare.Evaluation.Export;

/// <summary>One verdict: per prompt, or overall (prompt_id "*").</summary>
[CsvRecord]
public sealed partial record VerdictRow
{
    [CsvColumn("run_id")]
    public required string RunId { get; init; }
    [CsvColumn("preprocessing_version")]
    public required string PreprocessingVersion { get; init; }
    [CsvColumn("prompt_id")]
    public required string PromptId { get; init; }
    [CsvColumn("prompt_role")]
    public required string PromptRole { get; init; }
    [CsvColumn("verdict")]
    public required string Verdict { get; init; }
    [CsvColumn("learned_epoch")]
    public int? LearnedEpoch { get; init; }
    [CsvColumn("overfit_from")]
    public int? OverfitFrom { get; init; }
    [CsvColumn("overfit_kind")]
    public string? OverfitKind { get; init; }
    [CsvColumn("overfit_trigger")]
    public string? OverfitTrigger { get; init; }
    [CsvColumn("sweet_spot_from")]
    public int? SweetSpotFrom { get; init; }
    [CsvColumn("sweet_spot_to")]
    public int? SweetSpotTo { get; init; }
    [CsvColumn("recommended_epoch")]
    public int? RecommendedEpoch { get; init; }
    [CsvColumn("next_experiment")]
    public string? NextExperiment { get; init; }
    [CsvColumn("next_from")]
    public int? NextFrom { get; init; }
    [CsvColumn("next_to")]
    public int? NextTo { get; init; }
    [CsvColumn("next_every")]
    public int? NextEvery { get; init; }
    [CsvColumn("reasons")]
    public required string Reasons { get; init; }
    [CsvColumn("verdict_basis")]
    public required string VerdictBasis { get; init; }
}
