using System.Globalization;
using EpochCompare.Demo.BaseModel;
using EpochCompare.Demo.Story;
using EpochCompare.Flux.Sampling;

namespace EpochCompare.Demo.Tests.BaseModel;

/// <summary>The embedded default's quality bar on the weights the project ships (the demo's settings, seeds 1-4).</summary>
public sealed class ShippedBaseQualityTests
{
    [Fact]
    public void AtLeastEightyPercentOfBaseSamplesShowThePromptedConcept()
    {
        var recipe = new DemoRecipe();
        BaseQualityReport report = BaseQuality.Measure(ShippedAssets.Verified(ShippedAssets.FluxTinyBase), [1, 2, 3, 4], recipe.SampleSteps,
            new GuidanceSettings(GuidanceSettings.DefaultDistilled, recipe.CfgScale), _ => { });

        string table = string.Join("; ", report.Concepts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Prompt} {c.Recognised}/{c.Predicted.Count}")));
        Assert.True(report.MeetsBar, $"{report.Accuracy:P1} recognised: {table}");
    }
}
