using EpochCompare.Demo.Classifier;
using EpochCompare.Flux.Checkpoints;
using EpochCompare.Flux.Devices;
using EpochCompare.Demo.World;
using EpochCompare.Flux.Sampling;
using EpochCompare.Imaging;

namespace EpochCompare.Demo.BaseModel;

/// <summary>How often the base model's samples of one bare prompt ("a car") show the prompted concept.</summary>
public sealed record ConceptQuality(WorldConcept Concept, string Prompt, IReadOnlyList<WorldConcept> Predicted)
{
    public int Recognised => Predicted.Count(c => c == Concept);

    public double Accuracy => Predicted.Count == 0 ? 0 : (double)Recognised / Predicted.Count;
}

/// <summary>The per-concept table of the quality bar for the base model, with the overall share.</summary>
public sealed record BaseQualityReport(IReadOnlyList<ConceptQuality> Concepts)
{
    /// <summary>The quality bar: at least this share of all base samples is recognised as the prompted concept.</summary>
    public const double RequiredAccuracy = 0.8;

    public double Accuracy =>
        Concepts.Sum(c => c.Recognised) / (double)Math.Max(1, Concepts.Sum(c => c.Predicted.Count));

    public bool MeetsBar => Accuracy >= RequiredAccuracy;
}

/// <summary>
/// Measures a base model the way the demo relies on it: for each concept of the world, sample "a {concept}"
/// with the given seeds and settings (one batch per concept) and let the concept classifier name what it sees.
/// </summary>
public static class BaseQuality
{
    /// <summary>Loads the base model file and the shipped concept classifier, then measures as below.</summary>
    public static BaseQualityReport Measure(
        string basePath, IReadOnlyList<ulong> seeds, int steps, GuidanceSettings guidance, Action<string> warn, Action<ConceptQuality>? onConcept = null,
        ComputeDevice? device = null)
    {
        ConceptClassifier classifier = ConceptClassifier.Load(ShippedAssets.Verified(ShippedAssets.ConceptClassifier));
        using FluxTinyBase loaded = FluxTinyBase.Load(basePath, device ?? ComputeDevice.Cpu);
        return Measure(new CheckpointColumnSampler(loaded.Transformer, loaded.Text, new PixelUnshuffleAutoencoder()), classifier, seeds, steps, guidance, onConcept);
    }

    public static BaseQualityReport Measure(
        IColumnSampler sampler, ConceptClassifier classifier, IReadOnlyList<ulong> seeds, int steps, GuidanceSettings guidance,
        Action<ConceptQuality>? onConcept = null)
    {
        int size = WorldRenderer.DefaultSize;
        var rows = new List<ConceptQuality>();
        foreach (WorldConcept concept in WorldConcepts.All)
        {
            string prompt = Captions.Bare(concept);
            var request = new SampleRequest(prompt, "", seeds, size, size, steps, guidance);
            IReadOnlyList<RgbaImage> images = [.. sampler.Sample(SampleColumn.Base, request)
                .Select(pixels => RgbaImage.FromRgb(PixelBytes.ToRgb(pixels, size, size), size, size))];
            var row = new ConceptQuality(concept, prompt, [.. classifier.Predict(images).Select(p => p.Concept)]);
            rows.Add(row);
            onConcept?.Invoke(row);
        }
        return new BaseQualityReport(rows);
    }
}
