using EpochCompare.Training.Config;
using EpochCompare.Training.Data;
using EpochCompare.Training.Loop;
using EpochCompare.Training.Planning;
using EpochCompare.Training.Tests.Data;

namespace EpochCompare.Training.Tests.Loop;

/// <summary>A tiny dataset (4 images of 8x8, 2 repeats) and a flux-tiny run on it in a temp folder.</summary>
internal sealed class TinyRun : IDisposable
{
    public TempDataset Data { get; } = new();

    public TinyRun()
    {
        for (int i = 0; i < 4; i++)
        {
            Data.Image("2_ohwx style", $"{i}.png", 8, 8, seed: i, caption: i == 0 ? "ohwx car" : null);
        }
    }

    /// <summary>Beside the dataset, not inside it (a folder there would be read as an image folder).</summary>
    public string Output => Data.Root + "-out";

    public TrainSettings Settings(Action<TrainSettings>? change = null)
    {
        var s = new TrainSettings
        {
            Dataset = Data.Root,
            Width = 8,
            Height = 8,
            Epochs = 3,
            LearningRate = 1e-3,
            OutputDir = Output,
            OutputName = "tiny",
            SaveEveryNEpochs = 1,
            Seed = 5,
        };
        change?.Invoke(s);
        return s;
    }

    public static (Trainer Trainer, TrainingModel Model) Create(TrainSettings settings, long? stopAfter = null, Action<EpochEnd>? onEpochEnd = null)
    {
        KohyaDataset dataset = KohyaDataset.Load(new DatasetOptions { Root = settings.Dataset!, Width = settings.Width, Height = settings.Height }, _ => { });
        TrainingPlan plan = TrainingPlan.Create(new PlanRequest
        {
            Subsets = dataset.Folders().Select(f => new DatasetSubsetSize(f.Images, f.Repeats)).ToList(),
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            GradientAccumulation = settings.GradientAccumulation,
            LearningRate = settings.LearningRate,
        });
        TrainingModel model = TrainingModel.Create(settings, _ => { });
        return (new Trainer(settings, dataset, model, plan, "epochcompare train (test)") { StopAfterSteps = stopAfter, OnEpochEnd = onEpochEnd }, model);
    }

    public static TrainingResult Train(TrainSettings settings, long? stopAfter = null, Action<EpochEnd>? onEpochEnd = null) =>
        Create(settings, stopAfter, onEpochEnd).Trainer.Run(new QuietProgress());

    public void Dispose()
    {
        Data.Dispose();
        if (Directory.Exists(Output))
        {
            Directory.Delete(Output, recursive: true);
        }
    }
}
