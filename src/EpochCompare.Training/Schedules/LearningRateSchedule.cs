namespace EpochCompare.Training.Schedules;

/// <summary>
/// A learning-rate schedule with the multipliers of transformers' <c>get_scheduler</c> (as kohya calls it):
/// the optimizer step with index <c>k</c> (0-based, i.e. scheduler steps taken before it) uses
/// <c>BaseLearningRate x Multiplier(k)</c>. Warmup is linear from 0; cosine has half a cycle;
/// polynomial decays to <see cref="PolynomialEndLearningRate"/>.
/// </summary>
public sealed record LearningRateSchedule
{
    /// <summary>transformers' default <c>lr_end</c> for the polynomial schedule.</summary>
    public const double DefaultPolynomialEnd = 1e-7;

    public required LearningRateSchedulerKind Kind { get; init; }
    public required double BaseLearningRate { get; init; }
    public required long TotalSteps { get; init; }
    public long WarmupSteps { get; init; }

    /// <summary>Hard restarts of the cosine (kohya <c>--lr_scheduler_num_cycles</c>, default 1).</summary>
    public int Cycles { get; init; } = 1;

    /// <summary>Exponent of the polynomial decay (kohya <c>--lr_scheduler_power</c>, default 1 = linear).</summary>
    public double Power { get; init; } = 1.0;

    public double PolynomialEndLearningRate { get; init; } = DefaultPolynomialEnd;

    /// <summary>The learning rate for the optimizer step with 0-based index <paramref name="step"/>.</summary>
    public double LearningRateAt(long step) => BaseLearningRate * Multiplier(step);

    public double Multiplier(long step)
    {
        if (step < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), $"Step must not be negative, got {step}.");
        }
        if (Kind == LearningRateSchedulerKind.Constant)
        {
            return 1.0;
        }
        if (step < WarmupSteps)
        {
            return (double)step / Math.Max(1, WarmupSteps);
        }
        double decaySteps = Math.Max(1, TotalSteps - WarmupSteps);
        double progress = (step - WarmupSteps) / decaySteps;
        return Kind switch
        {
            LearningRateSchedulerKind.ConstantWithWarmup => 1.0,
            LearningRateSchedulerKind.Linear => Math.Max(0.0, (TotalSteps - step) / decaySteps),
            LearningRateSchedulerKind.Cosine => Math.Max(0.0, 0.5 * (1.0 + Math.Cos(Math.PI * progress))),
            LearningRateSchedulerKind.CosineWithRestarts => progress >= 1.0
                ? 0.0
                : Math.Max(0.0, 0.5 * (1.0 + Math.Cos(Math.PI * (Cycles * progress % 1.0)))),
            LearningRateSchedulerKind.Polynomial => PolynomialMultiplier(step),
            _ => throw new InvalidOperationException($"Unknown scheduler {Kind}."),
        };
    }

    private double PolynomialMultiplier(long step)
    {
        if (step > TotalSteps)
        {
            return PolynomialEndLearningRate / BaseLearningRate;
        }
        double range = BaseLearningRate - PolynomialEndLearningRate;
        double remaining = 1.0 - (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        return (range * Math.Pow(remaining, Power) + PolynomialEndLearningRate) / BaseLearningRate;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> for values no schedule can use.</summary>
    public void Validate()
    {
        if (!(BaseLearningRate > 0) || !double.IsFinite(BaseLearningRate))
        {
            throw new ArgumentException($"Learning rate must be a positive number, got {BaseLearningRate}.");
        }
        if (TotalSteps < 1)
        {
            throw new ArgumentException($"A schedule needs at least 1 step, got {TotalSteps}.");
        }
        if (WarmupSteps < 0 || WarmupSteps > TotalSteps)
        {
            throw new ArgumentException($"Warmup steps must be between 0 and the {TotalSteps} total steps, got {WarmupSteps}.");
        }
        if (Cycles < 1)
        {
            throw new ArgumentException($"Cosine restarts need at least 1 cycle, got {Cycles}.");
        }
        if (Kind == LearningRateSchedulerKind.Polynomial && !(BaseLearningRate > PolynomialEndLearningRate))
        {
            throw new ArgumentException(
                $"The polynomial schedule decays to {PolynomialEndLearningRate}; the learning rate {BaseLearningRate} must be larger.");
        }
    }
}
