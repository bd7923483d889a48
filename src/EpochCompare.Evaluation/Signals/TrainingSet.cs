using EpochCompare.Evaluation.Features;

namespace EpochCompare.Evaluation.Signals;

/// <summary>One way a training image can be matched: as stored or mirrored.</summary>
public sealed record TrainingVariant(int ImageIndex, string Id, bool Flipped, ImageFeatures Features)
{
    /// <summary>How the CSV names it: <c>train:cat.png</c> or <c>train:cat.png(flip)</c>.</summary>
    public string RefId => Flipped ? $"train:{Id}(flip)" : $"train:{Id}";
}

/// <summary>Training images with features, plus their mirrored versions when flips are matched.</summary>
public sealed class TrainingSet
{
    public IReadOnlyList<TrainingImage> Images { get; }
    public IReadOnlyList<ImageFeatures> Features { get; }
    public IReadOnlyList<TrainingVariant> Variants { get; }

    private TrainingSet(IReadOnlyList<TrainingImage> images, IReadOnlyList<ImageFeatures> features, IReadOnlyList<TrainingVariant> variants)
    {
        Images = images;
        Features = features;
        Variants = variants;
    }

    public static TrainingSet Empty { get; } = new([], [], []);

    public int Count => Images.Count;

    public static TrainingSet Measure(IReadOnlyList<TrainingImage> images, bool matchFlips)
    {
        ArgumentNullException.ThrowIfNull(images);
        var duplicate = images.GroupBy(i => i.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Training image id '{duplicate.Key}' appears twice.");
        }
        ImageFeatures[] features = FeatureExtraction.Compute([.. images.Select(i => i.Image)]);
        var variants = new List<TrainingVariant>();
        for (int i = 0; i < images.Count; i++)
        {
            variants.Add(new TrainingVariant(i, images[i].Id, false, features[i]));
        }
        if (matchFlips)
        {
            for (int i = 0; i < images.Count; i++)
            {
                variants.Add(new TrainingVariant(i, images[i].Id, true, ImageFeatures.Compute(features[i].Image.FlipHorizontal())));
            }
        }
        return new TrainingSet(images, features, variants);
    }
}
