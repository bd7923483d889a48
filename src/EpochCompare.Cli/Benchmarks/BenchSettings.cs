using EpochCompare.Flux.Devices;

namespace EpochCompare.Cli.Benchmarks;

/// <summary>What the user asked of the bench run.</summary>
/// <param name="Quick">Smoke run: one warm-up call and one timed call per item; numbers are not meaningful.</param>
/// <param name="Threads">Worker threads for the multithreaded measurements.</param>
/// <param name="Model">Model preset for model-level sections (e.g. "flux-tiny"), or null.</param>
/// <param name="Compute">Where and in which precision the model sections run (<c>--device</c>, <c>--dtype</c>); null: float32 on the CPU.</param>
internal sealed record BenchSettings(bool Quick, int Threads, string? Model, ComputeDevice? Compute = null)
{
    public ComputeDevice Device => Compute ?? ComputeDevice.Cpu;
}
