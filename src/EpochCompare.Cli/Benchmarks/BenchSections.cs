namespace EpochCompare.Cli.Benchmarks;

/// <summary>Every bench section, in the order they run. Add a section with one line.</summary>
internal static class BenchSections
{
    public static IReadOnlyList<IBenchSection> All { get; } =
    [
        new FluxModelBench(),
        new GridBench(),
        new DecodeBench(),
        new SemanticBench(),
        new RealFluxBench(),
    ];
}
