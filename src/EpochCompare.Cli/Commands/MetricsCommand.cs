using System.CommandLine;
using EpochCompare.Cli.Pipeline;

namespace EpochCompare.Cli.Commands;

/// <summary>
/// <c>epochcompare metrics</c>: offline overfit signals, a verdict with reasons, CSVs, verdict-marked
/// grids and an HTML report for a folder of sample images (same names as <c>grid</c> reads).
/// </summary>
internal static class MetricsCommand
{
    public static Command Create()
    {
        var samples = new Option<DirectoryInfo>("--samples") { Description = "Folder of sample images (kohya, ai-toolkit or e25_s1_p0.png names); epoch 0 / base_ = the base model.", Required = true };
        var training = new Option<DirectoryInfo?>("--train-data") { Description = "Folder of training images, for nearest-image, copy and training-pull signals." };
        var output = new Option<string?>("--out") { Description = "Output folder (default: <samples>/metrics)." };
        var prompts = new Option<string?>("--prompts") { Description = "Prompt file (one per line, kohya style); a line may carry '--role probe' or '--role target'." };
        var probes = new Option<int[]>("--probe") { Description = "Prompt index of a concept the LoRA must not destroy (repeatable).", AllowMultipleArgumentsPerToken = true };
        var targets = new Option<int[]>("--target") { Description = "Prompt index of a concept the LoRA should learn (repeatable; unmarked prompts are targets).", AllowMultipleArgumentsPerToken = true };
        var noFlips = new Option<bool>("--no-flips") { Description = "Do not match mirrored training images." };
        var runId = new Option<string?>("--run-id") { Description = "Run id written into the CSVs (default: the samples folder name)." };
        var noGrids = new Option<bool>("--no-grids") { Description = "Skip the verdict-marked grid PNGs." };
        var quiet = new Option<bool>("--quiet") { Description = "Print nothing but errors." };

        var command = new Command("metrics", "Measure overfitting across epochs without any model: drift from base, copies of training images, cross-prompt leak, diversity, quality; write a verdict, CSVs and an HTML report.")
        {
            samples, training, output, prompts, probes, targets, noFlips, runId, noGrids, quiet,
        };
        command.SetAction(parseResult =>
        {
            string samplesDir = parseResult.GetValue(samples)!.FullName;
            var request = new MetricsRequest(samplesDir, parseResult.GetValue(output) ?? Path.Combine(samplesDir, "metrics"))
            {
                PromptFile = parseResult.GetValue(prompts),
                TrainingDir = parseResult.GetValue(training)?.FullName,
                Probes = parseResult.GetValue(probes) ?? [],
                Targets = parseResult.GetValue(targets) ?? [],
                MatchFlips = !parseResult.GetValue(noFlips),
                RunId = parseResult.GetValue(runId),
                WriteGrids = !parseResult.GetValue(noGrids),
            };
            TextWriter log = parseResult.GetValue(quiet) ? TextWriter.Null : parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;
            var warnings = new List<string>();
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
