using System.Diagnostics;
using System.Globalization;
using EpochCompare.Flux.Sampling;
using EpochCompare.Training.Config;
using EpochCompare.Training.Loop;
using EpochCompare.Training.Sampling;

namespace EpochCompare.Cli.Pipeline;

/// <summary>
/// Samples during training, as kohya's <c>--sample_every_n_epochs</c>: at each due epoch end every prompt is
/// rendered with the live model (LoRA side paths attached, or the fine-tuned weights) into
/// <c>{output_dir}/sample/p{prompt}_{base|e{epoch}}_s{seed}.png</c>, the names <c>grid</c> and <c>metrics</c> read.
/// The sampler runs under no-grad and draws its noise from the prompt's seed alone, so training is not disturbed.
/// </summary>
internal sealed class TrainingSamples(TrainingSampling sampling)
{
    private IReadOnlyList<SampleRequest>? _requests;

    public void OnEpochEnd(EpochEnd end)
    {
        if (!sampling.Schedule.IsDue(end.Epoch))
        {
            return;
        }
        TrainingModel model = end.Model;
        _requests ??= sampling.RequestsFor(model.Params);
        var clock = Stopwatch.StartNew();
        var renderer = new SampleSetRenderer(new CheckpointColumnSampler(model.Flux, model.Text, model.Autoencoder), model.BaseName, sampling.Directory);
        IReadOnlyList<string> written = renderer.Render([new SampleColumn(TrainingSampling.ColumnName(end.Epoch))], _requests, TextWriter.Null, interactive: false);
        end.Progress.Note(string.Create(CultureInfo.InvariantCulture,
            $"sampled epoch {end.Epoch}: {written.Count} image(s) in {sampling.Directory} ({clock.Elapsed.TotalSeconds:0.0} s)"));
    }

    /// <summary>
    /// A new run (not <c>--resume</c>) refuses to start over samples, grids or metrics already in its output dir,
    /// so an earlier run's images are never replaced or mixed into this run's grid.
    /// </summary>
    public static void RefuseEarlierRun(TrainSettings settings, TrainingSampling sampling)
    {
        var folders = new List<string>();
        if (!sampling.Schedule.IsEmpty || settings.Grid)
        {
            folders.Add(TrainingSampling.FolderName);
        }
        if (settings.Grid)
        {
            folders.AddRange([TrainGrid.GridsFolder, TrainGrid.MetricsFolder]);
        }
        foreach (string folder in folders)
        {
            string path = Path.Combine(settings.OutputDir, folder);
            if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
            {
                throw new IOException($"{path}: already holds files of an earlier run; use --resume to continue that run, or another --output-dir.");
            }
        }
    }
}
