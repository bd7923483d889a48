using System.Globalization;
using System.Net;
using System.Text;
using EpochCompare.Evaluation.Preprocessing;
using EpochCompare.Evaluation.Signals;
using EpochCompare.Evaluation.Verdicts;
using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Formats.Png;

namespace EpochCompare.Evaluation.Report;

/// <summary>
/// One self-contained HTML file: the overall verdict with its reasons and next experiment, then per
/// prompt the verdict, SVG curves of the signals across checkpoints, the grid (embedded PNG), the
/// evidence pair (worst seed next to its nearest training image) and the per-checkpoint table.
/// No scripts, no external resources.
/// </summary>
public static class HtmlReport
{
    public const string FileName = "report.html";

    /// <summary>Grids up to this size are embedded; larger ones are linked as files beside the report.</summary>
    public const int MaxEmbeddedGridBytes = 4 << 20;

    /// <param name="gridImages">Per prompt id, the grid's image source: <see cref="GridSource"/> of its PNG (optional).</param>
    public static string Render(EvaluationResult result, IReadOnlyDictionary<string, string>? gridImages = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        gridImages ??= new Dictionary<string, string>();
        var html = new StringBuilder();
        PromptVerdict overall = result.Overall;
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>EpochCompare report: {E(result.Options.RunId)}</title>\n");
        html.Append("<style>").Append(ReportStyle.Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>EpochCompare: which checkpoint, and where does it overfit?</h1>\n");
        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"meta\">Run <code>{E(result.Options.RunId)}</code> &middot; {result.Signals.Count} sample images &middot; {result.Training.Count} training images &middot; preprocessing <code>{E(AnalysisCanvas.PreprocessingVersion)}</code> &middot; {Basis(result)}.</p>\n");

        html.Append(CultureInfo.InvariantCulture, $"<section id=\"verdict\" class=\"verdict v-{E(overall.Verdict)}\">\n<h2>Verdict: <span class=\"word\">{E(overall.Verdict)}</span></h2>\n");
        html.Append(KeyFacts(overall, result.Options.CheckpointUnit));
        if (overall.Next is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"next\"><strong>Next experiment:</strong> {E(overall.Next.Text)}</p>\n");
        }
        html.Append(Reasons(overall.Reasons));
        html.Append("</section>\n");

        html.Append("<nav><ul>");
        foreach (string prompt in result.Samples.Prompts)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#{Anchor(prompt)}\">{E(prompt)}</a></li>");
        }
        html.Append("</ul></nav>\n");

        foreach (string prompt in result.Samples.Prompts)
        {
            html.Append(PromptSection(result, prompt, gridImages.GetValueOrDefault(prompt)));
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>A data URI for a small PNG, else the PNG's file name relative to the report (it must lie beside it).</summary>
    public static string GridSource(byte[] png, string relativePath) =>
        png.Length <= MaxEmbeddedGridBytes ? "data:image/png;base64," + Convert.ToBase64String(png) : relativePath.Replace('\\', '/');

    public static string Write(EvaluationResult result, string path, IReadOnlyDictionary<string, string>? gridImages = null)
    {
        string text = Render(result, gridImages);
        AtomicFile.Write(path, stream =>
        {
            byte[] bytes = new UTF8Encoding(false).GetBytes(text);
            stream.Write(bytes);
        });
        return path;
    }

    private static string PromptSection(EvaluationResult result, string prompt, string? gridSource)
    {
        PromptVerdict verdict = result.VerdictFor(prompt)!;
        var summaries = result.Summaries.Where(s => s.PromptId == prompt).OrderBy(s => s.Epoch).ToList();
        string unit = result.Options.CheckpointUnit;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"prompt v-{E(verdict.Verdict)}\" id=\"{Anchor(prompt)}\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<h2>{E(prompt)} <span class=\"role\">{E(verdict.Role)}</span> <span class=\"word\">{E(verdict.Verdict)}</span></h2>\n");
        html.Append(KeyFacts(verdict, unit));
        html.Append(Reasons(verdict.Reasons));

        var markers = new List<ChartMarker>();
        if (verdict.OverfitFrom is { } onset)
        {
            markers.Add(new ChartMarker($"overfit {onset}", "#c62828", onset, Vertical: true));
        }
        if (verdict.RecommendedEpoch is { } recommended)
        {
            markers.Add(new ChartMarker($"keep {recommended}", "#2e7d32", recommended, Vertical: true));
        }
        var drift = new SvgLineChart("Drift from base (1 = as different as another seed)", unit, "seed-scales")
            .Add(Series("adoption", "#1565c0", summaries, s => s.Adoption))
            .Add(Series("composition", "#6a1b9a", summaries, s => s.AdoptionComposition))
            .Add(Series("palette", "#ef6c00", summaries, s => s.AdoptionPalette))
            .Add(Series("step change", "#757575", summaries, s => s.StepChange));
        var overfit = new SvgLineChart("Overfit signals", unit, "value")
            .Add(Series("M_norm (pull to training)", "#00838f", summaries, s => s.MemorizationNorm))
            .Add(Series("leak to other prompt", "#ad1457", summaries, s => s.LeakMax))
            .Add(Series("Vendi ratio (diversity)", "#558b2f", summaries, s => s.VendiRatio));
        foreach (var m in markers)
        {
            drift.Mark(m);
            overfit.Mark(m);
        }
        html.Append("<div class=\"charts\">").Append(drift.Render()).Append(overfit.Render());
        if (summaries.Any(s => s.Semantic is not null))
        {
            string concept = summaries.Select(s => s.Semantic?.Concept).FirstOrDefault(c => c is not null) ?? "concept";
            var semantic = new SvgLineChart($"Semantic signals (concept: {concept})", unit, "value")
                .Add(Series("concept score (CLIP)", "#c62828", summaries, s => s.Semantic?.ConceptScore))
                .Add(Series("CLIPScore / 2.5 (prompt)", "#1565c0", summaries, s => s.Semantic?.ClipPromptScore / 2.5))
                .Add(Series("nearest training (DINOv2)", "#00838f", summaries, s => s.Semantic?.DinoTrainNearest))
                .Add(Series("Vendi ratio (DINOv2)", "#558b2f", summaries, s => s.Semantic?.DinoVendiRatio));
            foreach (var m in markers)
            {
                semantic.Mark(m);
            }
            html.Append(semantic.Render());
        }
        html.Append("</div>\n");

        if (gridSource is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<figure class=\"grid\"><img alt=\"grid for {E(prompt)}\" src=\"{E(gridSource)}\"><figcaption>Grid: base column first, one column per {E(unit)}, one row per seed.</figcaption></figure>\n");
        }
        html.Append(Evidence(result, prompt, verdict));
        html.Append(Table(summaries, unit));
        html.Append("</section>\n");
        return html.ToString();
    }

    /// <summary>The seed closest to the training set at the onset (or the last checkpoint), beside that training image.</summary>
    private static string Evidence(EvaluationResult result, string prompt, PromptVerdict verdict)
    {
        if (result.Training.Count == 0)
        {
            return "";
        }
        int epoch = verdict.OverfitFrom ?? result.Samples.EpochsOf(prompt)[^1];
        SeedSignals? worst = result.Signals.Where(s => s.PromptId == prompt && s.Epoch == epoch && s.Nearest is not null).MaxBy(s => s.Nearest!.Similarity);
        if (worst?.Nearest is null)
        {
            return "";
        }
        var nearest = worst.Nearest;
        string sample = DataUri(worst.Cell.Features.Image);
        string train = DataUri(nearest.Variant.Features.Image);
        return string.Create(CultureInfo.InvariantCulture,
            $"<figure class=\"evidence\"><img alt=\"sample\" src=\"{sample}\"><img alt=\"nearest training image\" src=\"{train}\"><figcaption>Evidence: {E(prompt)} at {E(result.Options.CheckpointUnit)} {epoch}, seed {worst.Seed} (closest to the training set) and its nearest training image <code>{E(nearest.Variant.RefId)}</code>: similarity {nearest.Similarity:0.###}, pHash distance {nearest.PerceptualHashDistance}.</figcaption></figure>\n");
    }

    private static string Table(IReadOnlyList<EpochSummary> summaries, string unit)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<table>\n<thead><tr><th>{E(unit)}</th><th>adoption</th><th>A_comp</th><th>A_pal</th><th>A_tex</th><th>step</th><th>M_norm</th><th>Carlini</th><th>leak</th><th>Vendi</th><th>Vendi ratio</th><th>concept</th><th>CLIPScore</th><th>DINO NN</th><th>DINO Vendi ratio</th><th>flags</th></tr></thead>\n<tbody>\n");
        foreach (EpochSummary s in summaries)
        {
            string flags = string.Join(" ", new[]
            {
                s.Flags.Overridden ? $"overridden {s.OverriddenSeeds}/{s.Seeds}" : null,
                s.Flags.Memorized ? $"memorized {s.MemorizedSeeds}/{s.Seeds}" : null,
                s.Flags.Fried ? $"fried {s.FriedSeeds}/{s.Seeds}" : null,
                s.Flags.Collapsed ? "collapsed" : null,
                s.Flags.ConceptLost ? $"concept lost {s.Semantic?.ConceptLostSeeds}/{s.Semantic?.ConceptPresentSeeds}" : null,
            }.OfType<string>());
            string rowClass = s.IsReference ? "base" : s.Flags.Any ? "flagged" : "";
            html.Append(CultureInfo.InvariantCulture,
                $"<tr class=\"{rowClass}\"><td>{(s.IsReference ? $"{s.Epoch} (base)" : s.Epoch.ToString(CultureInfo.InvariantCulture))}</td><td>{N(s.Adoption)}</td><td>{N(s.AdoptionComposition)}</td><td>{N(s.AdoptionPalette)}</td><td>{N(s.AdoptionTexture)}</td><td>{N(s.StepChange)}</td><td>{N(s.MemorizationNorm)}</td><td>{N(s.CarliniRatio)}</td><td>{N(s.LeakMax)}</td><td>{N(s.Diversity?.Vendi)}</td><td>{N(s.VendiRatio)}</td><td>{N(s.Semantic?.ConceptScore)}</td><td>{N(s.Semantic?.ClipPromptScore)}</td><td>{N(s.Semantic?.DinoTrainNearest)}</td><td>{N(s.Semantic?.DinoVendiRatio)}</td><td>{E(flags)}</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
        return html.ToString();
    }

    /// <summary>Which kind of verdict this is: appearance-only, or with CLIP / DINOv2 signals.</summary>
    private static string Basis(EvaluationResult result) =>
        result.Semantic.Encoders is { } encoders
            ? $"semantic verdict: {E(encoders.Replace("clip", "CLIP").Replace("dinov2", "DINOv2"))} signals with the appearance metrics"
            : "appearance-level metrics only (no semantic model: give --clip / --dino for a semantic verdict)";

    private static string KeyFacts(PromptVerdict v, string unit)
    {
        string sweet = v.SweetSpotFrom is null ? "none" : $"{v.SweetSpotFrom}-{v.SweetSpotTo}";
        string overfit = v.OverfitFrom is null ? "not seen" : $"{v.OverfitFrom} ({v.OverfitKind}{(v.OverfitTrigger is null ? "" : ", " + v.OverfitTrigger)})";
        return string.Create(CultureInfo.InvariantCulture,
            $"<dl class=\"facts\"><dt>learned from {E(unit)}</dt><dd>{E(v.LearnedEpoch?.ToString(CultureInfo.InvariantCulture) ?? "-")}</dd><dt>overfit from</dt><dd class=\"overfit\">{E(overfit)}</dd><dt>sweet spot</dt><dd>{E(sweet)}</dd><dt>recommended</dt><dd class=\"recommended\">{E(v.RecommendedEpoch?.ToString(CultureInfo.InvariantCulture) ?? "-")}</dd></dl>\n");
    }

    private static string Reasons(IReadOnlyList<Reason> reasons) =>
        reasons.Count == 0 ? "" : "<ul class=\"reasons\">" + string.Concat(reasons.Select(r => $"<li><code>{E(r.ToString())}</code></li>")) + "</ul>\n";

    private static ChartSeries Series(string name, string color, IReadOnlyList<EpochSummary> summaries, Func<EpochSummary, double?> value) =>
        new(name, color, [.. summaries.Select(s => ((double)s.Epoch, value(s)))]);

    private static string DataUri(AnalysisImage image) => "data:image/png;base64," + Convert.ToBase64String(PngEncoder.Encode(AnalysisCanvasImage.ToRgba(image)));

    private static string Anchor(string prompt) => "prompt-" + string.Concat(prompt.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-'));

    private static string N(double? v) => v is null || !double.IsFinite(v.Value) ? "" : v.Value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
