namespace EpochCompare.Imaging.Grids;

/// <summary>
/// A short piece of evidence under a column (e.g. "drift 0.31"), with an optional level 0..1 drawn
/// as a bar so the trend across epochs reads at a glance.
/// </summary>
public sealed record ColumnEvidence(string Text, float? Level = null);
