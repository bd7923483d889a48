using System.Globalization;
using EpochCompare.Evaluation;
using EpochCompare.Evaluation.Export;
using EpochCompare.Evaluation.Grids;
using EpochCompare.Evaluation.Report;
using EpochCompare.Evaluation.Semantic;
using EpochCompare.Evaluation.Signals;
using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Samples;

namespace EpochCompare.Cli.Pipeline;

/// <summary>What <see cref="MetricsRun"/> measures and where it writes.</summary>
internal sealed record MetricsRequest(string SamplesDir, string OutDir)
{
    /// <summary>The training's prompt file (kohya .txt with optional <c>--role</c> per line, .toml or .json); null: ai-toolkit's config.yaml if beside the samples.</summary>
    public string? PromptFile { get; init; }
    public string? TrainingDir { get; init; }
    public IReadOnlyList<int> Probes { get; init; } = [];
    public IReadOnlyList<int> Targets { get; init; } = [];
    public bool MatchFlips { get; init; } = true;
    public string? RunId { get; init; }
    public bool WriteGrids { get; init; } = true;

    /// <summary>CLIP / DINOv2 weights for the semantic signals; null or empty = appearance only.</summary>
    public SemanticRequest? Semantic { get; init; }
}

/// <summary>
/// Offline overfit signals over a folder of samples: the verdict with reasons, CSVs, verdict-marked grids
/// and the HTML report. Used by <c>metrics</c>, <c>train --grid</c> and <c>demo</c>.
/// </summary>
internal static class MetricsRun
{
    public static EvaluationResult Run(MetricsRequest request, TextWriter log, List<string> warnings)
    {
        // Weights are checked before anything is read or written: a wrong file fails in one line, with no partial CSV.
        using SemanticInputsBuilder? semantic = request.Semantic is { Any: true } s ? SemanticInputsBuilder.Open(s) : null;
        SampleFolder folder = SampleFolder.Scan(request.SamplesDir);
        IReadOnlyList<SampleGridFiles> groups;
        try
        {
            groups = SampleGridSet.Group(folder, ColumnSelection.All, warnings, SamplePromptSource.Find(folder, request.PromptFile));
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
        // Roles are a line option of our prompt files.
        var roleByIndex = new Dictionary<int, PromptRole>(request.PromptFile is { } roleFile ? PromptRoleFile.Read(roleFile) : new Dictionary<int, PromptRole>());
        SetRoles(roleByIndex, request.Probes, PromptRole.Probe, groups);
        SetRoles(roleByIndex, request.Targets, PromptRole.Target, groups);

        var grids = new List<(string Id, PromptGrid Grid)>();
        var promptList = new List<(string Id, int Index, string? Text)>();
        var cells = new List<SampleCell>();
        var roles = new Dictionary<string, PromptRole>(StringComparer.Ordinal);
        foreach (SampleGridFiles group in groups)
        {
            string title = group.Prompt ?? $"Prompt {group.PromptIndex}";
            string id = PromptId(group.PromptIndex, group.Prompt);
            PromptGrid grid = SampleGridLoader.Load(group, title, LoadImage, warnings);
            grids.Add((id, grid));
            cells.AddRange(GridCells.From(grid, id));
            roles[id] = roleByIndex.GetValueOrDefault(group.PromptIndex, PromptRoles.Default);
            promptList.Add((id, group.PromptIndex, group.Prompt));
        }
        IReadOnlyList<TrainingImage> trainingImages = request.TrainingDir is { } trainDir ? LoadTraining(trainDir, warnings) : [];

        var options = new EvaluationOptions
        {
            MatchFlips = request.MatchFlips,
            CheckpointUnit = grids.Count > 0 ? GridCells.CheckpointUnit(grids[0].Grid) : "epoch",
            RunId = request.RunId ?? new DirectoryInfo(request.SamplesDir).Name,
        };
        log.WriteLine($"measuring {cells.Count} sample images in {grids.Count} prompt(s), {trainingImages.Count} training image(s)");
        SemanticInputs? semanticInputs = null;
        if (semantic is not null)
        {
            // Like roles, --concept is a line option of our prompt files.
            var concepts = new Dictionary<int, string>(request.PromptFile is { } conceptFile ? PromptConcepts.FromPromptFile(conceptFile) : []);
            foreach (var (index, concept) in request.Semantic!.Concepts)
            {
                concepts[index] = concept;
            }
            SemanticRequest asked = request.Semantic! with { Concepts = concepts };
            semanticInputs = EmbeddingProgress.Run(log, (writer, progress) => semantic.Build(asked, cells, trainingImages, promptList,
                asked.CacheDir ?? Path.Combine(request.OutDir, "embeddings"), writer, warnings, progress));
        }
        EvaluationResult result = EpochEvaluator.Evaluate(cells, trainingImages, roles, options, semantic: semanticInputs);

        Directory.CreateDirectory(request.OutDir);
        foreach (string path in EvaluationCsv.WriteAll(result, request.OutDir))
        {
            log.WriteLine($"wrote {path}");
        }
        var gridImages = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.WriteGrids)
        {
            foreach (var (id, grid) in grids)
            {
                VerdictMarks.Apply(grid, id, result);
                foreach (GridPage page in GridRenderer.Render(grid))
                {
                    string path = Path.Combine(request.OutDir, page.FileName);
                    GridRenderer.Save(page, path);
                    gridImages.TryAdd(id, HtmlReport.GridSource(File.ReadAllBytes(path), page.FileName));
                    log.WriteLine($"wrote {path}");
                }
            }
        }
        log.WriteLine($"wrote {HtmlReport.Write(result, Path.Combine(request.OutDir, HtmlReport.FileName), gridImages)}");

        foreach (var verdict in result.Verdicts)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{verdict.PromptId} ({verdict.Role}): {verdict.Verdict}; learned {verdict.LearnedEpoch?.ToString(CultureInfo.InvariantCulture) ?? "-"}, overfit from {verdict.OverfitFrom?.ToString(CultureInfo.InvariantCulture) ?? "-"}, recommended {verdict.RecommendedEpoch?.ToString(CultureInfo.InvariantCulture) ?? "-"}"));
        }
        if (result.Overall.Next is { } next)
        {
            log.WriteLine($"next: {next.Text}");
        }
        return result;
    }

    private static void SetRoles(Dictionary<int, PromptRole> roles, IReadOnlyList<int> indices, PromptRole role, IReadOnlyList<SampleGridFiles> groups)
    {
        foreach (int index in indices)
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
        var images = ImageFolder.LoadAll(directory, warnings).Select(i => new TrainingImage(i.RelativePath, i.Image)).ToList();
        if (images.Count == 0)
        {
            throw new InvalidDataException($"{directory}: no PNG or JPEG training images found.");
        }
        return images;
    }

    private static RgbaImage LoadImage(string path) => ImageFile.Load(path);
}
