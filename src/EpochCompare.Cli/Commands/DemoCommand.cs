using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EpochCompare.Cli.Pipeline;
using EpochCompare.Demo;
using EpochCompare.Demo.Classifier;
using EpochCompare.Demo.Story;
using EpochCompare.Demo.World;
using EpochCompare.Evaluation;
using EpochCompare.Evaluation.Verdicts;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.Checkpoints;
using EpochCompare.Flux.Devices;
using EpochCompare.Flux.Sampling;
using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Samples;
using EpochCompare.Imaging.Text;
using EpochCompare.Training.Loop;
using EpochCompare.Training.Run;
using Spectre.Console;

namespace EpochCompare.Cli.Commands;

/// <summary>
/// <c>epochcompare demo</c>: the whole product on the embedded default, offline, in one command. Writes the
/// ohwx style set, trains the style LoRA on the shipped flux-tiny base with a checkpoint every few epochs,
/// samples the car and revolver prompts (base column + one column per checkpoint, seeds 1-4), renders the
/// grids, runs the overfit metrics and checks them against the demo's concept classifier (summary.json).
/// Everything is built in <c>DIR.partial</c> and moved into place at the end, so DIR is never half-written.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Where the demo writes everything.", DefaultValueFactory = _ => new DirectoryInfo("epochcompare-demo") };
        var quick = new Option<bool>("--quick") { Description = "A sub-minute smoke run of the same pipeline (few epochs, 2 seeds, 4 steps)." };
        var baseModel = new Option<FileInfo?>("--base") { Description = "Base model instead of the shipped flux-tiny (same format as train --base)." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the final summary lines and errors." };
        var device = new DeviceOptions();
        var command = new Command("demo", "Train the ohwx style LoRA on the embedded flux-tiny base, then grid, measure and check car vs revolver across epochs.")
        {
            output, quick, baseModel, quiet,
        };
        device.AddTo(command);
        var semanticOptions = new SemanticOptions();
        semanticOptions.AddTo(command);
        command.SetAction(parseResult =>
        {
            ComputeDevice compute = device.Read(parseResult);
            // Checked before the demo trains: a wrong weights file should not cost a training run.
            SemanticRequest? semantic = semanticOptions.Read(parseResult, compute);
            semantic?.Validate();
            DemoRecipe recipe = parseResult.GetValue(quick) ? DemoRecipe.Quick : new DemoRecipe();
            string target = parseResult.GetValue(output)!.FullName.TrimEnd(Path.DirectorySeparatorChar);
            string basePath = parseResult.GetValue(baseModel)?.FullName ?? ShippedAssets.Verified(ShippedAssets.FluxTinyBase);
            if (!File.Exists(basePath))
            {
                throw new FileNotFoundException($"{basePath}: base model not found.", basePath);
            }
            bool silent = parseResult.GetValue(quiet);
            TextWriter stdout = parseResult.InvocationConfiguration.Output;
            TextWriter log = silent ? TextWriter.Null : stdout;
            var run = new DemoRun(recipe, basePath, compute, log, parseResult.InvocationConfiguration.Error, silent) { Semantic = semantic };
            DemoSummary summary = run.Execute(target);
            PrintSummary(stdout, target, summary);
            return CliApp.ExitOk;
        });
        return command;
    }

    private static void PrintSummary(TextWriter output, string dir, DemoSummary summary)
    {
        output.WriteLine($"demo: {dir} (train {summary.TrainSeconds:0} s, total {summary.TotalSeconds:0} s)");
        foreach (PromptSummary prompt in summary.Prompts)
        {
            string accuracies = string.Join(" ", prompt.Recognition.Columns.Select(c =>
                string.Create(CultureInfo.InvariantCulture, $"{(c.Epoch == 0 ? "base" : "e" + c.Epoch)}:{c.Recognised}/{c.Predicted.Count}")));
            output.WriteLine($"  {prompt.Recognition.Prompted.Word(),-9} classifier {accuracies}");
            output.WriteLine($"  {"",-9} classifier_lost_epoch {Show(prompt.Recognition.LostEpoch)}, verdict {prompt.Verdict ?? "-"}, verdict_overfit_epoch {Show(prompt.VerdictOverfitEpoch)}, recommended {Show(prompt.RecommendedEpoch)}");
            foreach (string grid in prompt.GridFiles)
            {
                output.WriteLine($"  {"",-9} grid {Path.Combine(dir, grid)}");
            }
        }
        if (summary.Report is { } report)
        {
            output.WriteLine($"  report {Path.Combine(dir, report)}");
        }
        output.WriteLine($"  summary {Path.Combine(dir, DemoSummary.FileName)}");
    }

    private static string Show(int? epoch) => epoch?.ToString(CultureInfo.InvariantCulture) ?? "none";

    /// <summary>The steps of one demo run, in order; each writes under the partial folder.</summary>
    private sealed class DemoRun(DemoRecipe recipe, string basePath, ComputeDevice compute, TextWriter log, TextWriter error, bool quiet)
    {
        public SemanticRequest? Semantic { get; init; }

        public DemoSummary Execute(string target)
        {
            var clock = Stopwatch.StartNew();
            ConceptClassifier classifier = ConceptClassifier.Load(ShippedAssets.Verified(ShippedAssets.ConceptClassifier));
            DemoFolder.RefuseForeign(target);
            string work = target + ".partial";
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true); // a crashed earlier demo run; the name is ours
            }
            string dataset = Path.Combine(work, "dataset");
            string checkpoints = Path.Combine(work, "checkpoints");
            string samples = Path.Combine(work, "samples");

            StyleDataset.Write(dataset, recipe.Repeats, recipe.DatasetSeed);
            log.WriteLine($"wrote the ohwx style set ({StyleDataset.ImageCount} images, one revolver, no car) to {dataset}");

            var trainClock = Stopwatch.StartNew();
            var settings = recipe.LoraSettings(dataset, basePath, checkpoints, quiet);
            settings.Compute = compute;
            new TrainingRun(settings, log, error, Environment.CommandLine).Train();
            trainClock.Stop();

            var names = new CheckpointNames(checkpoints, DemoRecipe.OutputName);
            IReadOnlyList<int> epochs = recipe.CheckpointEpochs;
            var checkpointFiles = epochs.Select(e => e == recipe.Epochs ? names.Final : names.Epoch(e)).ToList();

            using FluxTinyBase loaded = FluxTinyBase.Load(basePath, compute);
            var columns = new List<SampleColumn> { SampleColumn.Base };
            columns.AddRange(epochs.Select((e, i) => new SampleColumn(ColumnName(e), LoraFile.Read(checkpointFiles[i], loaded.Transformer.Params))));
            var requests = recipe.Prompts.Select(p => new SampleRequest(p, "", recipe.Seeds, WorldRenderer.DefaultSize, WorldRenderer.DefaultSize,
                recipe.SampleSteps, new GuidanceSettings(GuidanceSettings.DefaultDistilled, recipe.CfgScale))).ToList();
            var renderer = new SampleSetRenderer(new CheckpointColumnSampler(loaded.Transformer, loaded.Text, new PixelUnshuffleAutoencoder()), loaded.Name, samples);
            renderer.Render(columns, requests, log, interactive: !quiet && log == Console.Out && AnsiConsole.Profile.Capabilities.Interactive);

            string promptFile = Path.Combine(work, "prompts.txt");
            AtomicFile.Write(promptFile, s => s.Write(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", recipe.Prompts) + "\n")));
            var warnings = new List<string>();
            var gridOptions = new GridOptions
            {
                Typeface = FontLocator.Resolve(null),
            };
            IReadOnlyList<string> grids = GridBuild.Run(samples, Path.Combine(work, "grids"), ColumnSelection.All, gridOptions,
                [.. recipe.Prompts.Select((p, i) => new PromptLine(i, p, null))], log, warnings);
            EvaluationResult evaluation = MetricsRun.Run(new MetricsRequest(samples, Path.Combine(work, "metrics"))
            {
                PromptFile = promptFile,
                TrainingDir = dataset,
                RunId = "demo",
                Semantic = Semantic,
            }, log, warnings);
            foreach (string warning in warnings)
            {
                error.WriteLine($"epochcompare: warning: {warning}");
            }

            var verdicts = evaluation.Verdicts.Where(v => v.PromptId != PromptVerdict.OverallPromptId).ToList();
            var prompts = new List<PromptSummary>();
            for (int i = 0; i < recipe.Concepts.Count; i++)
            {
                int index = i;
                var images = columns.Select((c, k) => (Epoch: k == 0 ? 0 : epochs[k - 1],
                    Images: (IReadOnlyList<RgbaImage>)[.. recipe.Seeds.Select(seed => ImageFile.Load(renderer.PathFor(index, c.Name, seed)))]));
                ConceptRecognition recognition = ConceptRecognition.Measure(classifier, recipe.Concepts[i], images);
                PromptVerdict? verdict = i < verdicts.Count ? verdicts[i] : null;
                prompts.Add(new PromptSummary(recipe.Prompts[i], recognition,
                    [.. grids.Where(g => Path.GetFileName(g).StartsWith(FormattableString.Invariant($"prompt{i:00}"), StringComparison.Ordinal)).Select(g => Path.GetRelativePath(work, g))],
                    verdict?.Verdict, verdict?.OverfitFrom, verdict?.RecommendedEpoch));
            }
            string report = Path.Combine("metrics", Evaluation.Report.HtmlReport.FileName);
            var summary = new DemoSummary(
                Path.GetFileName(basePath), ShippedAssets.Sha256(basePath), epochs,
                [.. checkpointFiles.Select(f => Path.GetRelativePath(work, f))], recipe.Seeds, prompts,
                File.Exists(Path.Combine(work, report)) ? report : null,
                trainClock.Elapsed.TotalSeconds, clock.Elapsed.TotalSeconds);
            summary.Write(Path.Combine(work, DemoSummary.FileName));
            DemoFolder.Replace(work, target);
            return summary;
        }

        private static string ColumnName(int epoch) => "e" + epoch.ToString(CultureInfo.InvariantCulture);
    }
}
