namespace EpochCompare.Cli.Benchmarks;

/// <summary>What the user asked of the bench run.</summary>
/// <param name="Quick">Smoke run: one warm-up call and one timed call per item; numbers are not meaningful.</param>
/// <param name="Threads">Worker threads for the multithreaded measurements.</param>
/// <param name="Model">Model preset for model-level sections (e.g. "flux-tiny"), or null.</param>
internal sealed record BenchSettings(bool Quick, int Threads, string? Model);
