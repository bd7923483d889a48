using CsvHelper;

namespace EpochCompare.Evaluation.Export;

/// <summary>One signal of one (prompt, checkpoint) column, with its reference, threshold and seed votes.</summary>
[CsvRecord]
public sealed partial record SummaryRow
{
    [CsvColumn("run_id")]
    public required string RunId { get; init; }
    [CsvColumn("preprocessing_version")]
    public required string PreprocessingVersion { get; init; }
    [CsvColumn("prompt_id")]
    public required string PromptId { get; init; }
    [CsvColumn("prompt_role")]
    public required string PromptRole { get; init; }
    [CsvColumn("epoch")]
    public required int Epoch { get; init; }
    [CsvColumn("signal")]
    public required string Signal { get; init; }
    [CsvColumn("stat")]
    public required string Stat { get; init; }
    [CsvColumn("value")]
    public double? Value { get; init; }
    [CsvColumn("reference")]
    public double? Reference { get; init; }
    [CsvColumn("threshold")]
    public double? Threshold { get; init; }
    [CsvColumn("flag")]
    public int? Flag { get; init; }
    [CsvColumn("seeds_flagged")]
    public int? SeedsFlagged { get; init; }
    [CsvColumn("seeds_total")]
    public required int SeedsTotal { get; init; }
}
