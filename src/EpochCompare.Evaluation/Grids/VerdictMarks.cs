using System.Globalization;
using EpochCompare.Evaluation.Signals;
using EpochCompare.Evaluation.Verdicts;
using EpochCompare.Imaging.Grids;

namespace EpochCompare.Evaluation.Grids;

/// <summary>
/// Draws the verdict on a prompt's grid through the grid's marking API: columns from the prompt's
/// overfit onset on in red, flagged-but-not-persistent columns amber, the recommended checkpoint
/// green; under each column the evidence of its worst seed (nearest training image and how close,
/// or the drift from base when there is no training data).
/// </summary>
public static class VerdictMarks
{
    public static void Apply(PromptGrid grid, string promptId, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(result);
        PromptVerdict? verdict = result.VerdictFor(promptId);
        if (verdict is null)
        {
            return;
        }
        int? recommended = result.Overall.RecommendedEpoch ?? verdict.RecommendedEpoch;
        for (int c = 0; c < grid.Columns.Count; c++)
        {
            GridColumn column = grid.Columns[c];
            if (column.IsBase)
            {
                continue;
            }
            int epoch = column.Value;
            EpochSummary? summary = result.SummaryFor(promptId, epoch);
            if (verdict.OverfitFrom is { } onset && epoch >= onset)
            {
                grid.MarkColumn(c, ColumnMark.Overfit(epoch == onset ? $"overfit ({verdict.OverfitKind})" : null));
            }
            else if (summary?.Flags.Any == true)
            {
                grid.MarkColumn(c, ColumnMark.Suspect(summary.Flags.Kind?.ToString().ToLowerInvariant()));
            }
            else if (epoch == recommended)
            {
                grid.MarkColumn(c, ColumnMark.Recommended());
            }
            grid.SetEvidence(c, Evidence(result, promptId, epoch));
        }
    }

    /// <summary>
    /// The worst seed of a column: closest to the training set (its seed and the training image's name, short enough
    /// for a grid column; the bar shows how close), or (without training data) furthest from base.
    /// </summary>
    public static ColumnEvidence? Evidence(EvaluationResult result, string promptId, int epoch)
    {
        var column = result.Signals.Where(s => s.PromptId == promptId && s.Epoch == epoch).ToList();
        if (column.Count == 0)
        {
            return null;
        }
        if (SemanticEvidence(result, promptId, epoch) is { } semantic)
        {
            return semantic;
        }
        SeedSignals? nearest = column.Where(s => s.Nearest is not null).MaxBy(s => s.Nearest!.Similarity);
        if (nearest?.Nearest is { } match)
        {
            float? level = nearest.MemorizationNorm is { } m ? (float)Math.Clamp(m, 0, 1) : (float)Math.Clamp(match.Similarity, 0, 1);
            return new ColumnEvidence(string.Create(CultureInfo.InvariantCulture, $"s{nearest.Seed} {Path.GetFileNameWithoutExtension(match.Variant.Id)}{(match.Variant.Flipped ? " flip" : "")}"), level);
        }
        SeedSignals? drifted = column.Where(s => s.Adoption is not null).MaxBy(s => s.Adoption);
        return drifted is null
            ? null
            : new ColumnEvidence(string.Create(CultureInfo.InvariantCulture, $"s{drifted.Seed} drift {drifted.Adoption:0.00}"), (float)Math.Clamp(drifted.Adoption!.Value, 0, 1));
    }

    /// <summary>
    /// The semantic reason, when CLIP or DINOv2 ran: a DINOv2 copy names the training image; otherwise the
    /// concept's probability beside the base column's ("revolver 0.12 (base 0.81)"); a DINOv2 collapse its ratio.
    /// </summary>
    private static ColumnEvidence? SemanticEvidence(EvaluationResult result, string promptId, int epoch)
    {
        if (result.Semantic.Column(promptId, epoch) is not { } c)
        {
            return null;
        }
        if (c.Memorized && c.DinoTrainNearestId is { } train)
        {
            return new ColumnEvidence(string.Create(CultureInfo.InvariantCulture, $"copy {Path.GetFileNameWithoutExtension(train)} {c.DinoTrainNearest:0.00}"), (float)Math.Clamp(c.DinoTrainNearest ?? 0, 0, 1));
        }
        if (c.ConceptScore is double score && c.Concept is { } concept)
        {
            string text = c.IsReference || c.ConceptBase is null
                ? string.Create(CultureInfo.InvariantCulture, $"{concept} {score:0.00}")
                : string.Create(CultureInfo.InvariantCulture, $"{concept} {score:0.00} (base {c.ConceptBase:0.00})");
            return new ColumnEvidence(text, (float)Math.Clamp(score, 0, 1));
        }
        if (c.Collapsed && c.DinoVendiRatio is double ratio)
        {
            return new ColumnEvidence(string.Create(CultureInfo.InvariantCulture, $"dino diversity {ratio:0.00}"), (float)Math.Clamp(ratio, 0, 1));
        }
        return null;
    }
}
