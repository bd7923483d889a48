using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Features;

/// <summary>The "deep-fried" quality statistics of one image; each rises when a LoRA overcooks.</summary>
public sealed record FriedStatistics(double Colorfulness, double ClippedShare, double HighFrequencyRatio, double GradientEnergy)
{
    public static FriedStatistics Compute(AnalysisImage image) => new(
        Features.Colorfulness.Compute(image),
        Features.ClippedShare.Compute(image),
        HighFrequencyEnergy.Ratio(image.Luma),
        Features.GradientEnergy.Compute(image.Luma));

    /// <summary>Names as in the CSV, in a fixed order matching <see cref="Values"/>.</summary>
    public static readonly IReadOnlyList<string> Names = ["colorfulness", "clip_frac", "hf_ratio", "grad_energy"];

    public IReadOnlyList<double> Values => [Colorfulness, ClippedShare, HighFrequencyRatio, GradientEnergy];
}
