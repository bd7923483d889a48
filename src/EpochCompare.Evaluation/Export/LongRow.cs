using CsvHelper;

namespace EpochCompare.Evaluation.Export;

/// <summary>One measured value (tidy/long layout): who, against what reference, which metric, the value.</summary>
[CsvRecord]
public sealed partial record LongRow
{
    [CsvColumn("run_id")]
    public required string RunId { get; init; }
    [CsvColumn("preprocessing_version")]
    public required string PreprocessingVersion { get; init; }
    [CsvColumn("prompt_id")]
    public required string PromptId { get; init; }
    [CsvColumn("prompt_role")]
    public required string PromptRole { get; init; }
    [CsvColumn("checkpoint_unit")]
    public required string CheckpointUnit { get; init; }
    [CsvColumn("epoch")]
    public required int Epoch { get; init; }
    [CsvColumn("seed")]
    public int? Seed { get; init; }
    [CsvColumn("image")]
    public string? Image { get; init; }
    [CsvColumn("metric")]
    public required string Metric { get; init; }
    [CsvColumn("ref_kind")]
    public required string RefKind { get; init; }
    [CsvColumn("ref_id")]
    public string? RefId { get; init; }
    [CsvColumn("value")]
    public double? Value { get; init; }
    [CsvColumn("higher_is")]
    public required string HigherIs { get; init; }
    [CsvColumn("size_px")]
    public required int SizePx { get; init; }
}
