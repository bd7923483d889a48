using EpochCompare.Evaluation.Features;

namespace EpochCompare.Evaluation.Signals;

/// <summary>The closest training image to a sample, by composite similarity and separately by hashes.</summary>
public sealed record NearestTrainingMatch(
    TrainingVariant Variant,
    double Similarity,
    TrainingVariant HashVariant,
    int PerceptualHashDistance,
    int DifferenceHashDistance);

public static class NearestTraining
{
    /// <summary>
    /// Best composite match (for M, M_norm and the Carlini ratio) and, independently, the variant with
    /// the smallest pHash distance (ties broken by dHash) for the near-duplicate test.
    /// </summary>
    public static NearestTrainingMatch Find(ImageFeatures sample, TrainingSet training)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(training);
        if (training.Count == 0)
        {
            throw new InvalidOperationException("Nearest training image requested without training images.");
        }
        TrainingVariant? best = null, bestHash = null;
        double bestSimilarity = double.NegativeInfinity;
        (int P, int D) bestHashDistance = (int.MaxValue, int.MaxValue);
        foreach (TrainingVariant v in training.Variants)
        {
            double similarity = VectorMath.Cosine(sample.Composite, v.Features.Composite);
            if (similarity > bestSimilarity)
            {
                bestSimilarity = similarity;
                best = v;
            }
            var hash = (HammingDistance.Between(sample.PerceptualHash, v.Features.PerceptualHash),
                        HammingDistance.Between(sample.DifferenceHash, v.Features.DifferenceHash));
            if (hash.CompareTo(bestHashDistance) < 0)
            {
                bestHashDistance = hash;
                bestHash = v;
            }
        }
        return new NearestTrainingMatch(best!, bestSimilarity, bestHash!, bestHashDistance.P, bestHashDistance.D);
    }
}
