using EpochCompare.Training.Config;
using EpochCompare.Training.Data;
using EpochCompare.Training.Loop;
using EpochCompare.Training.Planning;
using EpochCompare.Training.Sampling;

namespace EpochCompare.Training.Run;

/// <summary>One <c>train</c> invocation: resolve the dataset and plan, then train (or stop after printing them).</summary>
public sealed class TrainingRun(TrainSettings settings, TextWriter output, TextWriter error, string commandLine)
{
    public TrainSettings Settings { get; } = settings;
    public string CommandLine { get; } = commandLine;

    /// <summary>Passed to the trainer: called with the live model before training (epoch 0) and after every epoch.</summary>
    public Action<EpochEnd>? OnEpochEnd { get; init; }

    public int DryRun()
    {
        TrainingSampling.CheckOptions(Settings);
        KohyaDataset dataset = LoadDataset();
        TrainingPlan plan = PlanFor(dataset);
        PrintPlan(dataset, plan);
        output.WriteLine("settings:");
        foreach (TrainSetting setting in TrainSettingCatalog.All)
        {
            output.WriteLine($"  {setting.Name}: {setting.Show(Settings)}");
        }
        return 0;
    }

    /// <summary>Trains; <paramref name="progress"/> defaults to plain lines (or nothing with --quiet).</summary>
    public int Train(ITrainingProgress? progress = null)
    {
        TrainingSampling.CheckOptions(Settings);
        KohyaDataset dataset = LoadDataset();
        TrainingPlan plan = PlanFor(dataset);
        PrintPlan(dataset, plan);
        if (Settings.RealModel is not null && !Settings.Resume)
        {
            // Caching the captions and latents of FLUX.1 takes minutes: refuse an existing run first.
            Trainer.RefuseToOverwrite(new CheckpointNames(Settings.OutputDir, Settings.OutputName));
        }
        using TrainingModel model = Settings.RealModel is { } real
            ? RealFluxBase.Load(Settings, real, dataset, message =>
            {
                if (!Settings.Quiet)
                {
                    output.WriteLine(message);
                }
            })
            : TrainingModel.Create(Settings, message => error.WriteLine($"warning: {message}"));
        var trainer = new Trainer(Settings, dataset, model, plan, CommandLine) { OnEpochEnd = OnEpochEnd };
        TrainingResult result;
        if (progress is null && !Settings.Quiet && SpectreProgress.IsAvailable(output))
        {
            result = SpectreProgress.Run(trainer.Run);
        }
        else
        {
            using ITrainingProgress reporter = progress ?? (Settings.Quiet ? new QuietProgress() : new PlainProgress(output, TimeSpan.FromSeconds(10)));
            result = trainer.Run(reporter);
        }
        if (!Settings.Quiet)
        {
            double total = (trainer.ComputeTime + trainer.OverheadTime).TotalSeconds;
            string epochEnd = trainer.EpochEndTime > TimeSpan.Zero ? $"; plus {trainer.EpochEndTime.TotalSeconds:0.0} s sampling" : "";
            output.WriteLine($"done: {result.Checkpoints.Count} checkpoints in {Settings.OutputDir}; trainer overhead {100 * trainer.OverheadTime.TotalSeconds / Math.Max(total, 1e-9):0.0}% of {total:0.0} s{epochEnd}");
        }
        return 0;
    }

    internal KohyaDataset LoadDataset()
    {
        string root = Settings.Dataset ?? throw new ArgumentException("--dataset: a kohya image folder is required.");
        return KohyaDataset.Load(new DatasetOptions
        {
            Root = root,
            Width = Settings.Width,
            Height = Settings.Height,
            CaptionExtension = Settings.CaptionExtension,
            OnBadData = Settings.OnBadImage,
        }, message => error.WriteLine($"warning: {message}"));
    }

    internal TrainingPlan PlanFor(KohyaDataset dataset) => TrainingPlan.Create(new PlanRequest
    {
        Subsets = dataset.Folders().Select(f => new DatasetSubsetSize(f.Images, f.Repeats)).ToList(),
        Epochs = Settings.Epochs,
        BatchSize = Settings.BatchSize,
        GradientAccumulation = Settings.GradientAccumulation,
        LearningRate = Settings.LearningRate,
        Scaling = Settings.ScaleLearningRate,
    });

    internal void PrintPlan(KohyaDataset dataset, TrainingPlan plan)
    {
        if (Settings.Quiet)
        {
            return;
        }
        output.WriteLine($"dataset {dataset.Options.Root} ({dataset.Images.Count} images, {dataset.Width}x{dataset.Height}, sha256 {dataset.Hash[..12]}):");
        foreach (var (folder, images, repeats) in dataset.Folders())
        {
            output.WriteLine($"  {folder}: {images} images x {repeats} repeats");
        }
        foreach (string line in plan.Describe())
        {
            output.WriteLine(line);
        }
        if (TrainingSampling.From(Settings) is { } sampling)
        {
            output.WriteLine(sampling.Describe(plan.Epochs));
        }
    }
}
