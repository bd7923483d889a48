using EpochCompare.Training.Schedules;

namespace EpochCompare.Training.Tests.Schedules;

public class LearningRateScheduleTests
{
    private static LearningRateSchedule Make(LearningRateSchedulerKind kind, long total = 100, long warmup = 0, int cycles = 1, double power = 1.0) => new()
    {
        Kind = kind,
        BaseLearningRate = 1e-3,
        TotalSteps = total,
        WarmupSteps = warmup,
        Cycles = cycles,
        Power = power,
    };

    [Fact]
    public void ConstantIgnoresWarmup()
    {
        var s = Make(LearningRateSchedulerKind.Constant, warmup: 10);
        Assert.Equal(1.0, s.Multiplier(0));
        Assert.Equal(1.0, s.Multiplier(99));
    }

    [Fact]
    public void WarmupRisesLinearlyFromZero()
    {
        var s = Make(LearningRateSchedulerKind.ConstantWithWarmup, warmup: 10);
        Assert.Equal(0.0, s.Multiplier(0));
        Assert.Equal(0.5, s.Multiplier(5), 12);
        Assert.Equal(1.0, s.Multiplier(10));
        Assert.Equal(1.0, s.Multiplier(80));
    }

    [Fact]
    public void LinearDecaysToZeroAfterWarmup()
    {
        var s = Make(LearningRateSchedulerKind.Linear, total: 110, warmup: 10);
        Assert.Equal(1.0, s.Multiplier(10), 12);
        Assert.Equal(0.5, s.Multiplier(60), 12);
        Assert.Equal(0.01, s.Multiplier(109), 12);
        Assert.Equal(0.0, s.Multiplier(110));
        Assert.Equal(0.0, s.Multiplier(500));
    }

    [Fact]
    public void CosineIsHalfAWave()
    {
        var s = Make(LearningRateSchedulerKind.Cosine, total: 100);
        Assert.Equal(1.0, s.Multiplier(0), 12);
        Assert.Equal(0.5, s.Multiplier(50), 12);
        Assert.Equal((1 + Math.Cos(Math.PI / 4)) / 2, s.Multiplier(25), 12);
        Assert.Equal(0.0, s.Multiplier(100), 12);
    }

    [Fact]
    public void CosineWithRestartsJumpsBackAtEachCycle()
    {
        var s = Make(LearningRateSchedulerKind.CosineWithRestarts, total: 100, cycles: 4);
        Assert.Equal(1.0, s.Multiplier(0), 12);
        Assert.Equal((1 + Math.Cos(Math.PI * 0.48)) / 2, s.Multiplier(12), 12);
        Assert.Equal(1.0, s.Multiplier(25), 12);
        Assert.Equal(1.0, s.Multiplier(75), 12);
        Assert.True(s.Multiplier(74) < 0.01);
        Assert.Equal(0.0, s.Multiplier(100));
    }

    [Fact]
    public void CosineWithOneRestartCycleEqualsCosine()
    {
        var plain = Make(LearningRateSchedulerKind.Cosine, total: 37, warmup: 3);
        var restarts = Make(LearningRateSchedulerKind.CosineWithRestarts, total: 37, warmup: 3, cycles: 1);
        for (int step = 0; step < 37; step++)
        {
            Assert.Equal(plain.Multiplier(step), restarts.Multiplier(step), 12);
        }
    }

    [Fact]
    public void PolynomialWithPower2FollowsTheSquareAndEndsAtLrEnd()
    {
        var s = Make(LearningRateSchedulerKind.Polynomial, total: 100, power: 2.0);
        double range = 1e-3 - 1e-7;
        Assert.Equal(1.0, s.Multiplier(0), 12);
        Assert.Equal((range * 0.25 + 1e-7) / 1e-3, s.Multiplier(50), 12);
        Assert.Equal(1e-4, s.Multiplier(100), 12);
        Assert.Equal(1e-4, s.Multiplier(150), 12);
    }

    [Fact]
    public void PolynomialWithPower1IsLinearDownToLrEnd()
    {
        var s = Make(LearningRateSchedulerKind.Polynomial, total: 100, warmup: 20);
        Assert.Equal(0.5, s.Multiplier(10), 12);
        double lr60 = s.LearningRateAt(60);
        Assert.Equal((1e-3 - 1e-7) * 0.5 + 1e-7, lr60, 15);
    }

    [Theory]
    [InlineData("cosine_with_restarts", LearningRateSchedulerKind.CosineWithRestarts)]
    [InlineData("constant-with-warmup", LearningRateSchedulerKind.ConstantWithWarmup)]
    [InlineData("Polynomial", LearningRateSchedulerKind.Polynomial)]
    public void KohyaNamesParse(string name, LearningRateSchedulerKind kind) => Assert.Equal(kind, SchedulerNames.Parse(name));

    [Fact]
    public void UnknownNameListsTheChoices()
    {
        var ex = Assert.Throws<ArgumentException>(() => SchedulerNames.Parse("adafactor"));
        Assert.Contains("cosine_with_restarts", ex.Message);
    }

    [Fact]
    public void WarmupLongerThanTrainingIsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Make(LearningRateSchedulerKind.Linear, total: 10, warmup: 11).Validate());
        Assert.Contains("Warmup", ex.Message);
    }
}
