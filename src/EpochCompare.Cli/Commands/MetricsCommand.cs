using System.CommandLine;
using EpochCompare.Cli.Pipeline;
using EpochCompare.Imaging.Samples;

namespace EpochCompare.Cli.Commands;

/// <summary>
/// <c>epochcompare metrics</c>: offline overfit signals, a verdict with reasons, CSVs, verdict-marked
/// grids and an HTML report for a folder of sample images (same names as <c>grid</c> reads).
/// </summary>
internal static class MetricsCommand
{
    public static Command Create()
    {
        var samples = new Option<DirectoryInfo>("--samples") { Description = "Folder of sample images, PNG or JPEG (kohya, ai-toolkit or e25_s1_p0.png names; epoch 0 / base_ = the base model); or a run folder holding them in samples/ (kohya: sample/); or the grids/ folder that grid wrote inside them.", Required = true };
        var training = new Option<DirectoryInfo?>("--train-data") { Description = "Folder of training images (PNG or JPEG, subfolders included, e.g. a kohya dataset), for nearest-image, copy and training-pull signals." };
        var output = new Option<string?>("--out") { Description = "Output folder (default: <run>/metrics, where <run> is the samples folder itself or the folder holding samples/)." };
        var prompts = new Option<string?>("--prompts") { Description = "Prompt file (one per line, kohya style); a line may carry '--role probe' or '--role target'." };
        var probes = new Option<int[]>("--probe") { Description = "Prompt index of a concept the LoRA must not destroy (repeatable).", AllowMultipleArgumentsPerToken = true };
        var targets = new Option<int[]>("--target") { Description = "Prompt index of a concept the LoRA should learn (repeatable; unmarked prompts are targets).", AllowMultipleArgumentsPerToken = true };
        var noFlips = new Option<bool>("--no-flips") { Description = "Do not match mirrored training images." };
        var runId = new Option<string?>("--run-id") { Description = "Run id written into the CSVs (default: the run folder's name)." };
        var noGrids = new Option<bool>("--no-grids") { Description = "Skip the verdict-marked grid PNGs." };
        var quiet = new Option<bool>("--quiet") { Description = "Print nothing but errors." };

        var command = new Command("metrics", "Measure overfitting across epochs: drift from base, copies of training images, cross-prompt leak, diversity, quality (no model needed), plus concept loss, memorisation and diversity from CLIP / DINOv2 weights when given; write a verdict, CSVs and an HTML report.")
        {
            samples, training, output, prompts, probes, targets, noFlips, runId, noGrids, quiet,
        };
        var semantic = new SemanticOptions();
        semantic.AddTo(command);
        var device = new DeviceOptions();
        device.AddTo(command);
        command.SetAction(parseResult =>
        {
            string given = parseResult.GetValue(samples)!.FullName;
            SampleRunFolder run = SampleRunFolder.Locate(given);
            var request = new MetricsRequest(run.SamplesDir, parseResult.GetValue(output) ?? Path.Combine(run.RunDir, "metrics"))
            {
                PromptFile = parseResult.GetValue(prompts),
                TrainingDir = parseResult.GetValue(training)?.FullName,
                Probes = parseResult.GetValue(probes) ?? [],
                Targets = parseResult.GetValue(targets) ?? [],
                MatchFlips = !parseResult.GetValue(noFlips),
                RunId = parseResult.GetValue(runId) ?? new DirectoryInfo(run.RunDir).Name,
                WriteGrids = !parseResult.GetValue(noGrids),
                Semantic = semantic.Read(parseResult, device.Read(parseResult)),
            };
            TextWriter log = parseResult.GetValue(quiet) ? TextWriter.Null : parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;
            var warnings = new List<string>();
            if (run.Redirected(given))
            {
                log.WriteLine($"reading samples from {run.SamplesDir}");
            }
            MetricsRun.Run(request, log, warnings);
            foreach (string warning in warnings)
            {
                error.WriteLine($"epochcompare: warning: {warning}");
            }
            return CliApp.ExitOk;
        });
        return command;
    }
}
