namespace EpochCompare.Evaluation.Verdicts;

/// <summary>
/// The cut-offs of the verdict. Every one applies to a quantity already divided by a reference
/// measured in the same run (seed-to-seed distance, training-set neighbour distance, base statistics),
/// except the hash limits, which come from the binomial spread of unrelated 64-bit hashes (mean 32,
/// sd 4: 8-10 bits is ~5.5 sd away). Defaults follow the research notes (grid-metrics.md, section 5).
/// </summary>
public sealed record VerdictRules
{
    public static VerdictRules Default { get; } = new();

    /// <summary>
    /// Probe overridden: composition drift from the same-seed base, in seed-scale units. Half a re-roll,
    /// not the 0.8 of the research notes: distances between unrelated images spread widely around
    /// their median, so an image fully replaced by another scene lands below 0.8 for about one seed in
    /// three (measured on synthetic runs); the second condition (pull toward training set or another
    /// prompt) keeps ordinary drift out.
    /// </summary>
    public double OverrideCompositionDrift { get; init; } = 0.5;

    /// <summary>Probe overridden: M_norm toward the training set (0 = base closeness, 1 = train-to-train closeness).</summary>
    public double OverrideTrainingPull { get; init; } = 0.5;

    /// <summary>Probe overridden: share of the base gap to another prompt's same-seed image that has closed.</summary>
    public double OverrideLeak { get; init; } = 0.3;

    /// <summary>Carlini-style ratio below this (distance to nearest training image vs alpha x its neighbourhood) = memorised.</summary>
    public double CarliniRatioLimit { get; init; } = 1.0;

    /// <summary>Carlini's alpha: the nearest training image must be this much closer than its own neighbours.</summary>
    public double CarliniAlpha { get; init; } = 0.5;

    public int NearDuplicatePerceptualHashBits { get; init; } = 8;
    public int NearDuplicateDifferenceHashBits { get; init; } = 10;

    /// <summary>M_norm is only defined when training images are this much closer to each other than base images are to them.</summary>
    public double MinimumMemorizationGap { get; init; } = 0.05;

    /// <summary>Collapsed: Vendi ratio to the base column below this and Vendi below half the seed count.</summary>
    public double CollapseVendiRatio { get; init; } = 0.6;

    /// <summary>A fried statistic counts when its z-score against the base images reaches this.</summary>
    public double FriedZ { get; init; } = 3.0;

    /// <summary>...and at least this multiple of the same seed's base value (few base images make z alone jumpy).</summary>
    public double FriedRatio { get; init; } = 1.5;

    /// <summary>How many fried statistics must be elevated for the image to count as fried.</summary>
    public int FriedStatistics { get; init; } = 2;

    /// <summary>Floor of the fried z-score scale as a share of the base median (few base images, tiny MAD).</summary>
    public double FriedScaleFloorShare { get; init; } = 0.1;

    /// <summary>
    /// Smallest z-score scale per fried statistic in its own unit (colorfulness, clip_frac, hf_ratio,
    /// grad_energy): one percent of the canvas for the clipped share, none for the others.
    /// </summary>
    public IReadOnlyList<double> FriedAbsoluteFloors { get; init; } = [0, 0.01, 0, 0];

    /// <summary>A flagged checkpoint only counts when the flag also holds at this many following checkpoints (or through the last).</summary>
    public int PersistenceCheckpoints { get; init; } = 2;

    /// <summary>Learned: adoption reaches this share of its median over the flag-free checkpoints.</summary>
    public double LearnedShareOfPlateau { get; init; } = 0.8;

    /// <summary>Learned needs a plateau of at least this many seed-scales; below it the LoRA changes less than a quarter of a re-roll.</summary>
    public double LearnedMinimumAdoption { get; init; } = 0.25;

    /// <summary>Converged: median step change since the previous checkpoint below this many seed-scales.</summary>
    public double ConvergedStepChange { get; init; } = 0.25;

    /// <summary>Concept present: the base image's zero-shot probability of the prompt's concept reaches this (else it never was).</summary>
    public double ConceptPresentScore { get; init; } = 0.5;

    /// <summary>Concept lost: the checkpoint keeps less than this share of the same seed's base probability.</summary>
    public double ConceptKeptShare { get; init; } = 0.5;

    /// <summary>
    /// Memorised in DINOv2 space: cosine to the nearest training image of at least the copy threshold of
    /// Somepalli et al. (0.5 on normalised descriptors), raised to the training images' own median
    /// neighbour cosine when the data are more alike than that (a copy is as close as a training twin).
    /// </summary>
    public double DinoCopyCosine { get; init; } = 0.5;
}
