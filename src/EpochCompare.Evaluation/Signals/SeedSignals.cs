namespace EpochCompare.Evaluation.Signals;

/// <summary>
/// Every signal of one sample image (prompt, checkpoint, seed). Null = not measurable in this run
/// (no base seed pair, no training images, no other prompt, first checkpoint).
/// </summary>
public sealed record SeedSignals
{
    public required MeasuredCell Cell { get; init; }
    public required PromptRole Role { get; init; }
    public required int ReferenceEpoch { get; init; }

    /// <summary>Raw distances to the same seed's reference image.</summary>
    public required PairDistances ToReference { get; init; }

    /// <summary>S1 adoption: composite drift from base in seed-scale units (0 = base, 1 = like a new seed).</summary>
    public double? Adoption { get; init; }
    public double? AdoptionComposition { get; init; }
    public double? AdoptionPalette { get; init; }
    public double? AdoptionTexture { get; init; }

    /// <summary>Raw distances to the same seed at the previous checkpoint (null at the reference column).</summary>
    public PairDistances? ToPrevious { get; init; }
    public int? PreviousEpoch { get; init; }

    /// <summary>S2: composite change since the previous checkpoint in seed-scales, per typical checkpoint gap.</summary>
    public double? StepChange { get; init; }

    /// <summary>S3/S4: nearest training image, when training images were given.</summary>
    public NearestTrainingMatch? Nearest { get; init; }
    public double? MemorizationNorm { get; init; }
    public double? CarliniRatio { get; init; }
    public bool NearDuplicate { get; init; }

    /// <summary>S5: per other prompt, same-seed composite similarity and its base-normalised leak.</summary>
    public IReadOnlyList<CrossPromptLeak> Leaks { get; init; } = [];
    public CrossPromptLeak? WorstLeak => Leaks.Count == 0 ? null : Leaks.MaxBy(l => l.Normalized);

    /// <summary>S6: z-scores of the fried statistics against the base images, in <see cref="Features.FriedStatistics.Names"/> order.</summary>
    public required IReadOnlyList<double> FriedZ { get; init; }
    public int FriedCount { get; init; }
    public bool Fried { get; init; }

    public string PromptId => Cell.Cell.PromptId;
    public int Epoch => Cell.Cell.Epoch;
    public int Seed => Cell.Cell.Seed;
}

/// <summary>S5 toward one other prompt: L = sim - R_xp, normalised by the base gap 1 - R_xp.</summary>
public sealed record CrossPromptLeak(string OtherPrompt, double Similarity, double BaseSimilarity, double Normalized);
