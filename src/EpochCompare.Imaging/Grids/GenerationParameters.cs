namespace EpochCompare.Imaging.Grids;

/// <summary>How the grid's images were made; written as an A1111-style <c>parameters</c> text chunk.</summary>
public sealed record GenerationParameters
{
    public string? NegativePrompt { get; init; }

    public int? Steps { get; init; }

    public string? Sampler { get; init; }

    public double? Guidance { get; init; }

    public double? CfgScale { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public string? BaseModel { get; init; }

    public IReadOnlyList<string> LoraNames { get; init; } = [];
}
