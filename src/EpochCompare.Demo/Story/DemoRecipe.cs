using EpochCompare.Demo.World;
using EpochCompare.Training.Config;

namespace EpochCompare.Demo.Story;

/// <summary>
/// The demo's run, as our users' story has it: a style LoRA trained on the ohwx set with a checkpoint every
/// few epochs, then the car and revolver prompts compared across the epochs with seeds 1-4.
/// <see cref="Quick"/> is the same pipeline shrunk to a smoke run for the tests.
/// </summary>
public sealed record DemoRecipe
{
    public const string OutputName = "Style_Demo";

    public int Repeats { get; init; } = 1;
    public int Epochs { get; init; } = 120;
    public int SaveEveryNEpochs { get; init; } = 10;
    public int BatchSize { get; init; } = 4;
    public int NetworkDim { get; init; } = 8;
    public double NetworkAlpha { get; init; } = 8;
    public double LearningRate { get; init; } = 1e-3;
    public int DatasetSeed { get; init; } = 5;
    public ulong TrainSeed { get; init; } = 42;

    public IReadOnlyList<ulong> Seeds { get; init; } = [1, 2, 3, 4];
    public int SampleSteps { get; init; } = 20;
    public double CfgScale { get; init; } = 3.5;

    /// <summary>The compared prompts: the concept missing from the style data, and the one it holds once.</summary>
    public IReadOnlyList<WorldConcept> Concepts { get; init; } = [WorldConcept.Car, WorldConcept.Revolver];

    /// <summary>A sub-minute smoke run of the whole pipeline (a few steps, two checkpoints, two seeds).</summary>
    public static DemoRecipe Quick { get; } = new()
    {
        Epochs = 4,
        SaveEveryNEpochs = 2,
        Seeds = [1, 2],
        SampleSteps = 4,
    };

    public IReadOnlyList<string> Prompts => Concepts.Select(Captions.Ohwx).ToList();

    /// <summary>The epochs that get a checkpoint file: every <see cref="SaveEveryNEpochs"/>, and the last.</summary>
    public IReadOnlyList<int> CheckpointEpochs =>
        [.. Enumerable.Range(1, Epochs).Where(e => e == Epochs || (SaveEveryNEpochs > 0 && e % SaveEveryNEpochs == 0))];

    public TrainSettings LoraSettings(string datasetRoot, string baseModel, string outputDir, bool quiet) => new()
    {
        Dataset = datasetRoot,
        Width = WorldRenderer.DefaultSize,
        Height = WorldRenderer.DefaultSize,
        BaseModel = baseModel,
        Mode = TrainMode.Lora,
        NetworkDim = NetworkDim,
        NetworkAlpha = NetworkAlpha,
        Epochs = Epochs,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        Seed = TrainSeed,
        OutputDir = outputDir,
        OutputName = OutputName,
        SaveEveryNEpochs = SaveEveryNEpochs,
        Quiet = quiet,
    };
}
