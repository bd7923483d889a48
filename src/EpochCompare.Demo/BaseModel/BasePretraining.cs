using EpochCompare.Training.Config;
using EpochCompare.Training.Schedules;

namespace EpochCompare.Demo.BaseModel;

/// <summary>
/// The recipe of the shipped flux-tiny base: a full fine-tune from random weights (transformer and text
/// encoder together) on the plain world, with caption dropout so classifier-free guidance works.
/// <c>epochcompare pretrain-base</c> runs exactly this; the values are the ones the shipped weights used.
/// </summary>
public sealed record BasePretraining
{
    public int ImagesPerConcept { get; init; } = 400;
    public int DataSeed { get; init; } = 20261123;
    public int Epochs { get; init; } = 20;
    public int BatchSize { get; init; } = 8;
    public double LearningRate { get; init; } = 4e-4;
    public double WarmupSteps { get; init; } = 0.03;
    public double CaptionDropout { get; init; } = 0.1;
    public ulong Seed { get; init; } = 7;

    /// <summary>Checkpoint (and resume state) every this many epochs, so a long run can stop and go on.</summary>
    public int SaveEveryNEpochs { get; init; } = 1;

    public const string OutputName = "flux-tiny-base";

    /// <summary>The trainer settings of the run; the dataset folder and output folder come from the caller.</summary>
    public TrainSettings Settings(string datasetRoot, string outputDir, bool resume, bool quiet) => new()
    {
        Dataset = datasetRoot,
        Width = World.WorldRenderer.DefaultSize,
        Height = World.WorldRenderer.DefaultSize,
        Mode = TrainMode.Full,
        CaptionDropout = CaptionDropout,
        Epochs = Epochs,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        Scheduler = LearningRateSchedulerKind.Cosine,
        WarmupSteps = WarmupSteps,
        MaxGradNorm = 1.0,
        WeightDecay = 0.01,
        Seed = Seed,
        OutputDir = outputDir,
        OutputName = OutputName,
        SaveEveryNEpochs = SaveEveryNEpochs,
        Resume = resume,
        Quiet = quiet,
    };
}
