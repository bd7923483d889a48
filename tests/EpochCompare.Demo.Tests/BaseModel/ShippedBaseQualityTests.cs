using System.Globalization;
using EpochCompare.Demo.BaseModel;
using EpochCompare.Demo.Classifier;
using EpochCompare.Demo.Story;
using EpochCompare.Flux.Sampling;
using EpochCompare.Training.Loop;

namespace EpochCompare.Demo.Tests.BaseModel;

/// <summary>The embedded default's quality bar on the weights the project ships (the demo's settings, seeds 1-4).</summary>
public sealed class ShippedBaseQualityTests
{
    [Fact]
    public void AtLeastEightyPercentOfBaseSamplesShowThePromptedConcept()
    {
        var recipe = new DemoRecipe();
        var (flux, text, _) = BaseModelLoader.Load(ShippedAssets.Verified(ShippedAssets.FluxTinyBase), 0, _ => { });
        var sampler = new CheckpointColumnSampler(flux, text, new PixelUnshuffleAutoencoder());
        ConceptClassifier classifier = ConceptClassifier.Load(ShippedAssets.Verified(ShippedAssets.ConceptClassifier));

        BaseQualityReport report = BaseQuality.Measure(sampler, classifier, [1, 2, 3, 4], recipe.SampleSteps,
            new GuidanceSettings(GuidanceSettings.DefaultDistilled, recipe.CfgScale));

        string table = string.Join("; ", report.Concepts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Prompt} {c.Recognised}/{c.Predicted.Count}")));
        Assert.True(report.MeetsBar, $"{report.Accuracy:P1} recognised: {table}");
    }
}
