using EpochCompare.Demo.BaseModel;
using EpochCompare.Demo.World;

namespace EpochCompare.Demo.Tests.BaseModel;

public sealed class BaseQualityTests
{
    [Fact]
    public void OverallAccuracyPoolsEverySampleAndTheBarIsEightyPercent()
    {
        var report = new BaseQualityReport(
        [
            new ConceptQuality(WorldConcept.Car, "a car", [WorldConcept.Car, WorldConcept.Car, WorldConcept.Car, WorldConcept.Boat]),
            new ConceptQuality(WorldConcept.Revolver, "a revolver", [WorldConcept.Revolver]),
        ]);
        Assert.Equal(3, report.Concepts[0].Recognised);
        Assert.Equal(0.75, report.Concepts[0].Accuracy, 12);
        Assert.Equal(0.8, report.Accuracy, 12); // 4 of 5, not the mean of 75% and 100%
        Assert.True(report.MeetsBar);
        Assert.False((report with { Concepts = [report.Concepts[0]] }).MeetsBar);
    }

    [Fact]
    public void TheMeasuredPromptIsTheBareCaptionTheBaseWasTrainedOn()
    {
        Assert.Equal("a revolver", Captions.Bare(WorldConcept.Revolver));
        var scene = new SceneSampler(3).Next(WorldConcept.Car);
        Assert.Equal(Captions.Bare(WorldConcept.Car), Captions.Plain(scene, 1));
    }
}
