using EpochCompare.Evaluation.Report;
using EpochCompare.Flux.Checkpoints;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.Transformer;
using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Samples;
using EpochCompare.Imaging.Text;
using EpochCompare.Training.Config;
using EpochCompare.Training.Loop;
using EpochCompare.Training.Sampling;

namespace EpochCompare.Cli.Pipeline;

/// <summary>
/// <c>train --grid</c>, after the last epoch: the sample prompts in the base column and one column per saved
/// checkpoint (reusing what sampling during training wrote, rendering the rest from the checkpoint files as
/// <c>sample --with-base --lora ...</c> would), then the labeled grids and the overfit metrics against the
/// training images, under <c>{output_dir}/grids</c> and <c>{output_dir}/metrics</c>.
/// </summary>
internal static class TrainGrid
{
    public const string GridsFolder = "grids";
    public const string MetricsFolder = "metrics";

    public static void Run(TrainSettings settings, TrainingSampling sampling, TextWriter log, TextWriter error, bool interactive, SemanticRequest? semantic = null)
    {
        var warnings = new List<string>();
        RenderMissingColumns(settings, sampling, log, warnings, interactive);

        var gridOptions = new GridOptions
        {
            Typeface = FontLocator.Resolve(null),
        };
        string grids = Path.Combine(settings.OutputDir, GridsFolder);
        IReadOnlyList<string> pages = GridBuild.Run(sampling.Directory, grids, ColumnSelection.All, gridOptions,
            [.. sampling.Prompts.Select((p, i) => new PromptLine(i, p.Prompt, null))], log, warnings);
        string metrics = Path.Combine(settings.OutputDir, MetricsFolder);
        MetricsRun.Run(new MetricsRequest(sampling.Directory, metrics)
        {
            PromptFile = settings.SamplePrompts,
            TrainingDir = settings.Dataset,
            RunId = settings.OutputName,
            Semantic = semantic,
        }, log, warnings);
        foreach (string warning in warnings)
        {
            error.WriteLine($"epochcompare: warning: {warning}");
        }
        if (!settings.Quiet)
        {
            log.WriteLine($"grids: {grids} ({pages.Count} page(s))");
            log.WriteLine($"metrics: {metrics} (report {Path.Combine(metrics, HtmlReport.FileName)})");
        }
    }

    /// <summary>Columns (base, then each saved epoch) not complete in the sample folder, rendered from the base model and the checkpoint files.</summary>
    private static void RenderMissingColumns(TrainSettings settings, TrainingSampling sampling, TextWriter log, List<string> warnings, bool interactive)
    {
        var columns = new List<(int Epoch, string? Checkpoint)> { (0, null) };
        foreach (var (epoch, checkpoint) in TrainingSampling.SavedEpochs(settings))
        {
            if (File.Exists(checkpoint))
            {
                columns.Add((epoch, checkpoint));
            }
            else
            {
                warnings.Add($"{checkpoint}: checkpoint not found; epoch {epoch} is left out of the grid.");
            }
        }
        var missing = columns.Where(c => !IsComplete(sampling, TrainingSampling.ColumnName(c.Epoch))).ToList();
        if (missing.Count < columns.Count && !settings.Quiet)
        {
            log.WriteLine($"grid: reusing the samples of {columns.Count - missing.Count} column(s) written during training");
        }
        if (missing.Count == 0)
        {
            return;
        }
        using FluxTinyBase loadedBase = BaseModelLoader.Load(settings.BaseModel, settings.Seed, settings.Compute, _ => { });
        (FluxTransformer baseModel, TinyTextEncoder baseText, string baseName) = (loadedBase.Transformer, loadedBase.Text, loadedBase.Name);
        IImageAutoencoder autoencoder = TrainingModel.CreateAutoencoder();
        IReadOnlyList<SampleRequest> requests = sampling.RequestsFor(baseModel.Params);
        TextWriter renderLog = settings.Quiet ? TextWriter.Null : log;
        if (settings.Mode == TrainMode.Lora)
        {
            // One base in memory; each LoRA merged for its column and taken out again.
            var sampleColumns = missing.Select(c => c.Checkpoint is null
                ? SampleColumn.Base
                : new SampleColumn(TrainingSampling.ColumnName(c.Epoch), LoraFile.Read(c.Checkpoint, baseModel.Params))).ToList();
            new SampleSetRenderer(new CheckpointColumnSampler(baseModel, baseText, autoencoder), baseName, sampling.Directory)
                .Render(sampleColumns, requests, renderLog, interactive);
            return;
        }
        // Full fine-tune: every checkpoint is a whole model.
        foreach (var (epoch, checkpoint) in missing)
        {
            if (checkpoint is null)
            {
                new SampleSetRenderer(new CheckpointColumnSampler(baseModel, baseText, autoencoder), baseName, sampling.Directory)
                    .Render([SampleColumn.Base], requests, renderLog, interactive);
                continue;
            }
            using FluxTinyBase model = BaseModelLoader.Load(checkpoint, settings.Seed, settings.Compute, _ => { });
            new SampleSetRenderer(new CheckpointColumnSampler(model.Transformer, model.Text, autoencoder), model.Name, sampling.Directory)
                .Render([new SampleColumn(TrainingSampling.ColumnName(epoch))], requests, renderLog, interactive);
        }
    }

    private static bool IsComplete(TrainingSampling sampling, string column) =>
        sampling.Prompts.Select((prompt, index) => Path.Combine(sampling.Directory, SampleSetRenderer.FileName(index, column, TrainingSampling.SeedOf(prompt))))
            .All(File.Exists);
}
