using System.CommandLine;
using System.Globalization;
using EpochCompare.Evaluation;
using EpochCompare.Evaluation.Export;
using EpochCompare.Evaluation.Grids;
using EpochCompare.Evaluation.Report;
using EpochCompare.Evaluation.Signals;
using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats.Png;
using EpochCompare.Imaging.Grids;
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
            string outDir = parseResult.GetValue(output) ?? Path.Combine(samplesDir, "metrics");
            TextWriter log = parseResult.GetValue(quiet) ? TextWriter.Null : parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;
            var warnings = new List<string>();

            SampleFolder folder = SampleFolder.Scan(samplesDir);
            IReadOnlyList<SampleGridFiles> groups;
            try
            {
                groups = SampleGridSet.Group(folder, ColumnSelection.All, warnings);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }
            string? promptPath = parseResult.GetValue(prompts);
            IReadOnlyList<string> promptTexts = promptPath is null ? [] : PromptFile.Read(promptPath);
            var roleByIndex = new Dictionary<int, PromptRole>(promptPath is null ? new Dictionary<int, PromptRole>() : PromptRoleFile.Read(promptPath));
            SetRoles(roleByIndex, parseResult.GetValue(probes), PromptRole.Probe, groups);
            SetRoles(roleByIndex, parseResult.GetValue(targets), PromptRole.Target, groups);

            var grids = new List<(string Id, PromptGrid Grid)>();
            var cells = new List<SampleCell>();
            var roles = new Dictionary<string, PromptRole>(StringComparer.Ordinal);
            foreach (SampleGridFiles group in groups)
            {
                string title = group.PromptIndex < promptTexts.Count ? promptTexts[group.PromptIndex] : $"Prompt {group.PromptIndex}";
                string id = PromptId(group.PromptIndex, group.PromptIndex < promptTexts.Count ? promptTexts[group.PromptIndex] : null);
                PromptGrid grid = SampleGridLoader.Load(group, title, LoadImage, warnings);
                grids.Add((id, grid));
                cells.AddRange(GridCells.From(grid, id));
                roles[id] = roleByIndex.GetValueOrDefault(group.PromptIndex, PromptRoles.Default);
            }
            IReadOnlyList<TrainingImage> trainingImages = parseResult.GetValue(training) is { } trainDir ? LoadTraining(trainDir.FullName, warnings) : [];

            var options = new EvaluationOptions
            {
                MatchFlips = !parseResult.GetValue(noFlips),
                CheckpointUnit = grids.Count > 0 ? GridCells.CheckpointUnit(grids[0].Grid) : "epoch",
                RunId = parseResult.GetValue(runId) ?? new DirectoryInfo(samplesDir).Name,
            };
            log.WriteLine($"measuring {cells.Count} sample images in {grids.Count} prompt(s), {trainingImages.Count} training image(s)");
            EvaluationResult result = EpochEvaluator.Evaluate(cells, trainingImages, roles, options);

            Directory.CreateDirectory(outDir);
            foreach (string path in EvaluationCsv.WriteAll(result, outDir))
            {
                log.WriteLine($"wrote {path}");
            }
            var gridImages = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!parseResult.GetValue(noGrids))
            {
                foreach (var (id, grid) in grids)
                {
                    VerdictMarks.Apply(grid, id, result);
                    foreach (GridPage page in GridRenderer.Render(grid))
                    {
                        string path = Path.Combine(outDir, page.FileName);
                        GridRenderer.Save(page, path);
                        gridImages.TryAdd(id, HtmlReport.GridSource(File.ReadAllBytes(path), page.FileName));
                        log.WriteLine($"wrote {path}");
                    }
                }
            }
            log.WriteLine($"wrote {HtmlReport.Write(result, Path.Combine(outDir, HtmlReport.FileName), gridImages)}");

            foreach (var verdict in result.Verdicts)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{verdict.PromptId} ({verdict.Role}): {verdict.Verdict}; learned {verdict.LearnedEpoch?.ToString(CultureInfo.InvariantCulture) ?? "-"}, overfit from {verdict.OverfitFrom?.ToString(CultureInfo.InvariantCulture) ?? "-"}, recommended {verdict.RecommendedEpoch?.ToString(CultureInfo.InvariantCulture) ?? "-"}"));
            }
            if (result.Overall.Next is { } next)
            {
                log.WriteLine($"next: {next.Text}");
            }
            foreach (string warning in warnings)
            {
                error.WriteLine($"epochcompare: warning: {warning}");
            }
            return CliApp.ExitOk;
        });
        return command;
    }

    private static void SetRoles(Dictionary<int, PromptRole> roles, int[]? indices, PromptRole role, IReadOnlyList<SampleGridFiles> groups)
    {
        foreach (int index in indices ?? [])
        {
            if (!groups.Any(g => g.PromptIndex == index))
            {
                throw new UsageException($"--{role.ToCsv()} {index}: no samples with prompt index {index} (found {string.Join(", ", groups.Select(g => g.PromptIndex))}).");
            }
            roles[index] = role;
        }
    }

    /// <summary>A stable id: the prompt index, plus the first words of the prompt text when known.</summary>
    internal static string PromptId(int index, string? text)
    {
        string prefix = $"p{index}";
        if (string.IsNullOrWhiteSpace(text))
        {
            return prefix;
        }
        var slug = new string([.. text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        slug = string.Join('-', slug.Split('-', StringSplitOptions.RemoveEmptyEntries).Take(4));
        return slug.Length == 0 ? prefix : $"{prefix}-{slug[..Math.Min(slug.Length, 32)]}";
    }

    private static IReadOnlyList<TrainingImage> LoadTraining(string directory, List<string> warnings)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory}: training data folder not found.");
        }
        var images = new List<TrainingImage>();
        foreach (string path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension == ".png")
            {
                images.Add(new TrainingImage(Path.GetRelativePath(directory, path).Replace('\\', '/'), LoadImage(path)));
            }
            else if (SampleNameParser.ImageExtensions.Contains(extension))
            {
                warnings.Add($"{path}: skipped, only PNG training images are read for now.");
            }
        }
        if (images.Count == 0)
        {
            throw new InvalidDataException($"{directory}: no PNG training images found.");
        }
        return images;
    }

    private static RgbaImage LoadImage(string path) => PngDecoder.Load(path).Image;
}
