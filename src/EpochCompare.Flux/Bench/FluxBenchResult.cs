using EpochCompare.Flux.Config;

namespace EpochCompare.Flux.Bench;

/// <summary>Median timings of the model's two hot paths, with the exact config and shapes they were taken at.</summary>
public sealed record FluxBenchResult(
    double TrainStepMs,
    double SampleForwardMs,
    FluxParams Config,
    int ImgTokens,
    int TxtTokens,
    int TrainBatch,
    int SampleBatch,
    int Threads);
