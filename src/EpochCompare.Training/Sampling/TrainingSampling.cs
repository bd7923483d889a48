using System.Globalization;
using System.Text.RegularExpressions;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Sampling;
using EpochCompare.Training.Config;
using EpochCompare.Training.Loop;

namespace EpochCompare.Training.Sampling;

/// <summary>
/// The sampling side of a training run, checked before any step: the prompts of the kohya prompt file,
/// when to render them, the requests they become, and where the images go
/// (<c>{output_dir}/sample</c>, one column per epoch: <c>base</c> for epoch 0, <c>e{epoch}</c> after).
/// </summary>
public sealed partial class TrainingSampling
{
    /// <summary>True CFG for models without a guidance embedding (flux-tiny), as the <c>sample</c> command uses.</summary>
    public const double DefaultCfgWithoutGuidanceEmbedding = 3.5;

    /// <summary>Seed of prompts without <c>--d</c>: fixed (kohya draws a random one), so every epoch starts from the same noise.</summary>
    public const ulong DefaultSeed = 1;

    public const string FolderName = "sample";

    private readonly TrainSettings _settings;

    private TrainingSampling(TrainSettings settings, IReadOnlyList<SamplePrompt> prompts)
    {
        _settings = settings;
        Prompts = prompts;
        Schedule = new SampleSchedule(settings.SampleEveryNEpochs, settings.SampleAtFirst);
    }

    public IReadOnlyList<SamplePrompt> Prompts { get; }

    public SampleSchedule Schedule { get; }

    public string Directory => Path.Combine(_settings.OutputDir, FolderName);

    /// <summary>The sampling options that need a prompt file: a usage mistake to give them without one (<see cref="ArgumentException"/>).</summary>
    public static void CheckOptions(TrainSettings settings)
    {
        if (settings.SamplePrompts is not null)
        {
            return;
        }
        string? without = settings.Grid ? "--grid"
            : settings.SampleEveryNEpochs > 0 ? "--sample-every-n-epochs"
            : settings.SampleAtFirst ? "--sample-at-first"
            : null;
        if (without is not null)
        {
            throw new ArgumentException($"{without} needs --sample-prompts FILE: the kohya prompt file to render (one prompt per line, e.g. 'ohwx car --d 1 --s 20').");
        }
    }

    /// <summary>Null when the run has no prompt file; otherwise the parsed prompts (a bad file stops here, naming its line).</summary>
    public static TrainingSampling? From(TrainSettings settings)
    {
        CheckOptions(settings);
        if (settings.SamplePrompts is not { } path)
        {
            return null;
        }
        var sampling = new TrainingSampling(settings, ReadPrompts(path));
        sampling.CheckSizes(TrainingModel.CreateAutoencoder());
        return sampling;
    }

    /// <summary>
    /// kohya's prompt file; a <c>--role target|probe</c> option is left to the metrics run that reads the same file
    /// after <c>--grid</c>, so one file serves both (line numbers and prompt indices are unchanged).
    /// </summary>
    private static IReadOnlyList<SamplePrompt> ReadPrompts(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: prompt file not found", path);
        }
        return SamplePromptFile.Parse(File.ReadAllLines(path).Select(line => RoleOption().Replace(line, "")), Path.GetFileName(path));
    }

    [GeneratedRegex(@"\s--role\s+\S+", RegexOptions.CultureInvariant)]
    private static partial Regex RoleOption();

    /// <summary>The plan line printed at the start of a run: what is rendered when, and where.</summary>
    public string Describe(int epochs)
    {
        var due = Enumerable.Range(0, epochs + 1).Where(Schedule.IsDue).Select(e => e.ToString(CultureInfo.InvariantCulture)).ToList();
        string during = due.Count == 0 ? "none during training" : $"after epochs {string.Join(", ", due)}";
        string grid = _settings.Grid ? "; --grid: base and every saved checkpoint when training ends" : "";
        return $"samples:           {Prompts.Count} prompt(s), {during} ({Directory}){grid}";
    }

    /// <summary>The seed a prompt renders with (one image per prompt and column).</summary>
    public static ulong SeedOf(SamplePrompt prompt) => prompt.Seed ?? DefaultSeed;

    /// <summary>
    /// One request per prompt: the line's options, else the training resolution, <c>--sample-steps</c>, seed
    /// <see cref="DefaultSeed"/>, and CFG 1 for guidance-embedded models or <see cref="DefaultCfgWithoutGuidanceEmbedding"/>.
    /// </summary>
    public IReadOnlyList<SampleRequest> RequestsFor(FluxParams model) =>
        Prompts.Select(p => new SampleRequest(
            p.Prompt,
            p.NegativePrompt,
            [SeedOf(p)],
            p.Width ?? _settings.Width,
            p.Height ?? _settings.Height,
            p.Steps ?? _settings.SampleSteps,
            new GuidanceSettings(
                p.Guidance ?? GuidanceSettings.DefaultDistilled,
                p.CfgScale ?? (model.GuidanceEmbed ? 1.0 : DefaultCfgWithoutGuidanceEmbedding)))).ToList();

    /// <summary>Sizes the autoencoder cannot take are refused before any training, naming the prompt.</summary>
    private void CheckSizes(IImageAutoencoder autoencoder)
    {
        for (int i = 0; i < Prompts.Count; i++)
        {
            int width = Prompts[i].Width ?? _settings.Width, height = Prompts[i].Height ?? _settings.Height;
            try
            {
                SampleGeometry.For(autoencoder, width, height);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidDataException($"{_settings.SamplePrompts}: prompt {i} ('{Prompts[i].Prompt}'): {ex.Message}", ex);
            }
        }
    }

    /// <summary>The grid column of an epoch: <c>base</c> before training, <c>e{epoch}</c> after.</summary>
    public static string ColumnName(int epoch) => epoch == 0 ? "base" : "e" + epoch.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every column the grid of this run needs: the base, then each epoch that saves a checkpoint, with its file.</summary>
    public static IReadOnlyList<(int Epoch, string Checkpoint)> SavedEpochs(TrainSettings settings)
    {
        var names = new CheckpointNames(settings.OutputDir, settings.OutputName);
        var saved = new List<(int, string)>();
        for (int epoch = 1; epoch < settings.Epochs; epoch++)
        {
            if (CheckpointNames.IsSavedEpoch(epoch, settings.SaveEveryNEpochs, settings.Epochs))
            {
                saved.Add((epoch, names.Epoch(epoch)));
            }
        }
        saved.Add((settings.Epochs, names.Final));
        return saved;
    }
}
