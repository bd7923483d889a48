namespace EpochCompare.Cli.Benchmarks;

/// <summary>Every bench section, in the order they run. Add a section with one line.</summary>
internal static class BenchSections
{
    public static IReadOnlyList<IBenchSection> All { get; } =
    [
        new SgemmBench(),
        new AttentionBench(),
        new OpsBench(),
        new FluxModelBench(),
        new TorchFluxBench(),
        new GridBench(),
        new DecodeBench(),
        new SemanticBench(),
        new RealFluxBench(),
    ];
}
