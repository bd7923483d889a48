namespace EpochCompare.Imaging.Grids;

/// <summary>One grid row: every cell in it was sampled with this seed.</summary>
public sealed record GridRow(long Seed, string? Label = null)
{
    public string DisplayLabel => Label ?? $"Seed {Seed}";
}
