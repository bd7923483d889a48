namespace EpochCompare.Imaging.Grids;

/// <summary>Where a cell's image came from, recorded in the grid's JSON manifest.</summary>
public sealed record CellSource(
    string? File = null,
    int? Epoch = null,
    int? Step = null,
    long? Seed = null,
    string? Checkpoint = null,
    string? CheckpointSha256 = null);
