namespace EpochCompare.Training.Loop;

/// <summary>Where the loop reports: a Spectre bar on a terminal, plain lines in logs, nothing with --quiet.</summary>
public interface ITrainingProgress : IDisposable
{
    void Start(long firstStep, long totalSteps);

    void Step(StepReport report);

    /// <summary>A line worth keeping (checkpoint written, samples rendered).</summary>
    void Note(string message);
}

/// <summary>One finished optimizer step (1-based), with the loss averaged over recent steps.</summary>
public readonly record struct StepReport(long Step, long TotalSteps, double Epoch, double Loss, double SmoothedLoss, double LearningRate, double StepsPerSecond);
