namespace EpochCompare.Training.Loop;

/// <summary>--quiet: nothing but warnings and errors (which go to stderr elsewhere).</summary>
public sealed class QuietProgress : ITrainingProgress
{
    public void Start(long firstStep, long totalSteps)
    {
    }

    public void Step(StepReport report)
    {
    }

    public void Note(string message)
    {
    }

    public void Dispose()
    {
    }
}
