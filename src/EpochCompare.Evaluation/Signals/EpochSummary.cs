using EpochCompare.Evaluation.Semantic;
using EpochCompare.Evaluation.Verdicts;

namespace EpochCompare.Evaluation.Signals;

/// <summary>S8: one column (prompt, checkpoint) summarised over its seeds: medians, diversity and seed votes.</summary>
public sealed record EpochSummary
{
    public required string PromptId { get; init; }
    public required PromptRole Role { get; init; }
    public required int Epoch { get; init; }
    public required bool IsReference { get; init; }
    public required int Seeds { get; init; }

    public double? Adoption { get; init; }
    public double? AdoptionComposition { get; init; }
    public double? AdoptionPalette { get; init; }
    public double? AdoptionTexture { get; init; }
    public double? StepChange { get; init; }
    public double? MemorizationNorm { get; init; }
    public double? CarliniRatio { get; init; }
    public double? LeakMax { get; init; }

    public ColumnDiversity? Diversity { get; init; }
    public double? VendiRatio { get; init; }

    public int OverriddenSeeds { get; init; }
    public int MemorizedSeeds { get; init; }
    public int NearDuplicateSeeds { get; init; }
    public int FriedSeeds { get; init; }

    /// <summary>The checkpoint's flags (reference columns are never flagged).</summary>
    public required CheckpointFlags Flags { get; init; }

    /// <summary>The appearance-only flags, before semantic signals were merged in.</summary>
    public CheckpointFlags AppearanceFlags { get; init; }

    /// <summary>CLIP / DINOv2 signals of this column, when their weights were given.</summary>
    public SemanticColumnSignals? Semantic { get; init; }

    /// <summary>
    /// Merges the semantic signals: concept lost (CLIP) is a new flag, DINOv2 memorisation adds to
    /// the appearance one, and DINOv2 diversity replaces the appearance diversity for collapse.
    /// </summary>
    public EpochSummary WithSemantic(SemanticColumnSignals? semantic)
    {
        if (semantic is null)
        {
            return this;
        }
        CheckpointFlags flags = IsReference
            ? CheckpointFlags.None
            : Flags with
            {
                ConceptLost = semantic.ConceptLost,
                Memorized = Flags.Memorized || semantic.Memorized,
                Collapsed = semantic.DinoVendiRatio is null ? Flags.Collapsed : semantic.Collapsed,
            };
        return this with { Semantic = semantic, Flags = flags };
    }

    public static EpochSummary Summarize(IReadOnlyList<SeedSignals> column, ColumnDiversity? diversity, ColumnDiversity? referenceDiversity, VerdictRules rules)
    {
        if (column.Count == 0)
        {
            throw new ArgumentException("Cannot summarise an empty column.");
        }
        var first = column[0];
        bool isReference = first.Epoch == first.ReferenceEpoch;
        double? vendiRatio = diversity is not null && referenceDiversity is not null && referenceDiversity.Vendi > 0
            ? diversity.Vendi / referenceDiversity.Vendi
            : null;
        int overridden = first.Role == PromptRole.Probe ? column.Count(s => SeedVotes.Overridden(s, rules)) : 0;
        int memorized = column.Count(s => SeedVotes.Memorized(s, rules));
        int fried = column.Count(s => s.Fried);
        int majority = RobustStatistics.Majority(column.Count);
        bool collapsed = vendiRatio < rules.CollapseVendiRatio && diversity!.Vendi < column.Count / 2.0;
        var flags = isReference
            ? CheckpointFlags.None
            : new CheckpointFlags(overridden >= majority, memorized >= majority, fried >= majority, collapsed);
        return new EpochSummary
        {
            PromptId = first.PromptId,
            Role = first.Role,
            Epoch = first.Epoch,
            IsReference = isReference,
            Seeds = column.Count,
            Adoption = RobustStatistics.MedianOrNull(column.Select(s => s.Adoption)),
            AdoptionComposition = RobustStatistics.MedianOrNull(column.Select(s => s.AdoptionComposition)),
            AdoptionPalette = RobustStatistics.MedianOrNull(column.Select(s => s.AdoptionPalette)),
            AdoptionTexture = RobustStatistics.MedianOrNull(column.Select(s => s.AdoptionTexture)),
            StepChange = RobustStatistics.MedianOrNull(column.Select(s => s.StepChange)),
            MemorizationNorm = RobustStatistics.MedianOrNull(column.Select(s => s.MemorizationNorm)),
            CarliniRatio = RobustStatistics.MedianOrNull(column.Select(s => s.CarliniRatio)),
            LeakMax = RobustStatistics.MedianOrNull(column.Select(s => s.WorstLeak?.Normalized)),
            Diversity = diversity,
            VendiRatio = vendiRatio,
            OverriddenSeeds = overridden,
            MemorizedSeeds = memorized,
            NearDuplicateSeeds = column.Count(s => s.NearDuplicate),
            FriedSeeds = fried,
            Flags = flags,
            AppearanceFlags = flags,
        };
    }
}
