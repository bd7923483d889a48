using EpochCompare.Training.Planning;

namespace EpochCompare.Training.Tests.Planning;

public class TrainingPlanTests
{
    private static TrainingPlan Plan(int images, int epochs, int batch = 1, int gpus = 1, int accum = 1, int repeats = 1) =>
        TrainingPlan.Create(new PlanRequest
        {
            Subsets = [new DatasetSubsetSize(images, repeats)],
            Epochs = epochs,
            BatchSize = batch,
            Gpus = gpus,
            GradientAccumulation = accum,
        });

    [Fact]
    public void Case1_TwentyImagesHundredEpochsBatch1_Is2000Steps()
    {
        TrainingPlan plan = Plan(20, 100);
        Assert.Equal(20, plan.SamplesPerEpoch);
        Assert.Equal(20, plan.StepsPerEpoch);
        Assert.Equal(2000, plan.TotalSteps);
    }

    [Fact]
    public void Case2_Batch4_Is500Steps() => Assert.Equal(500, Plan(20, 100, batch: 4).TotalSteps);

    [Fact]
    public void Case3_Batch4OnTwoGpus_Is250StepsPerGpu() => Assert.Equal(250, Plan(20, 100, batch: 4, gpus: 2).TotalSteps);

    [Fact]
    public void Case4_HundredImagesFiftyEpochsBatch8_Is625Steps() => Assert.Equal(625, Plan(100, 50, batch: 8).TotalSteps);

    [Fact]
    public void RepeatsMultiplyTheSamplesOfEachFolder()
    {
        TrainingPlan plan = TrainingPlan.Create(new PlanRequest
        {
            Subsets = [new DatasetSubsetSize(14, 10), new DatasetSubsetSize(1, 140)],
            Epochs = 18,
        });
        Assert.Equal(280, plan.SamplesPerEpoch);
        Assert.Equal(280 * 18, plan.TotalSteps);
    }

    [Fact]
    public void StepsRunAcrossEpochBoundariesAndOnlyTheLastRoundsUp()
    {
        // 7 samples x 3 epochs = 21 samples; batch 2 x accumulate 2 = 4 per step -> ceil(5.25) = 6 steps.
        TrainingPlan plan = Plan(7, 3, batch: 2, accum: 2);
        Assert.Equal(1.75, plan.StepsPerEpoch);
        Assert.Equal(6, plan.TotalSteps);
        Assert.Equal(2, plan.StepEndingEpoch(1));
        Assert.Equal(4, plan.StepEndingEpoch(2));
        Assert.Equal(6, plan.StepEndingEpoch(3));
    }

    [Fact]
    public void Case4_StepsPerEpochIsTwelveAndAHalf()
    {
        TrainingPlan plan = Plan(100, 50, batch: 8);
        Assert.Equal(5000, plan.SamplesPerEpoch * plan.Epochs);
        Assert.Equal(12.5, plan.StepsPerEpoch);
        Assert.Equal(13, plan.StepEndingEpoch(1));
        Assert.Equal(25, plan.StepEndingEpoch(2));
    }

    [Fact]
    public void SqrtRuleDoublesTheLearningRateAtBatch4()
    {
        var request = new PlanRequest
        {
            Subsets = [new DatasetSubsetSize(20, 1)],
            Epochs = 100,
            BatchSize = 4,
            LearningRate = 1e-4,
            Scaling = LearningRateScaling.Sqrt,
        };
        Assert.Equal(2e-4, TrainingPlan.Create(request).LearningRate!.Value, 15);
        Assert.Equal(1e-4, TrainingPlan.Create(request with { Scaling = LearningRateScaling.None }).LearningRate!.Value, 15);
    }

    [Fact]
    public void SummaryStatesEveryFactor()
    {
        var request = new PlanRequest
        {
            Subsets = [new DatasetSubsetSize(20, 1)],
            Epochs = 100,
            BatchSize = 4,
            Gpus = 2,
            LearningRate = 1e-4,
            Scaling = LearningRateScaling.Sqrt,
        };
        string text = string.Join("\n", TrainingPlan.Create(request).Describe());
        Assert.Contains("= 20", text);
        Assert.Contains("= 8", text);
        Assert.Contains("= 250", text);
        Assert.Contains("0.0002", text);
        Assert.Contains("each GPU", text);
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(20, 0, 1)]
    [InlineData(20, 1, 0)]
    public void ImpossibleInputsAreRejected(int images, int epochs, int batch)
    {
        var ex = Assert.Throws<ArgumentException>(() => Plan(images, epochs, batch));
        Assert.Contains("at least 1", ex.Message);
    }
}
