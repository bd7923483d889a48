namespace EpochCompare.Flux.Lora;

/// <summary>
/// One low-rank pair as a file stores it, placed on the BFL Linear it adapts: <c>down</c> [rank, in],
/// <c>up</c> [target rows, rank], and the factor on up @ down its producer applies (alpha / r, PEFT's scale, ...).
/// </summary>
/// <param name="Source">The module name in the file, for messages.</param>
public sealed record LoraRowBlock(string Source, PeftLoraTarget Target, int Rank, double Scale, float[] Down, float[] Up);
