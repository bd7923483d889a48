using System.Diagnostics;
using System.Globalization;

namespace EpochCompare.Training.Loop;

/// <summary>Plain periodic lines for logs and pipes: at most one every <c>interval</c>, plus the last step.</summary>
public sealed class PlainProgress(TextWriter output, TimeSpan interval) : ITrainingProgress
{
    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
    private bool _first = true;

    public void Start(long firstStep, long totalSteps) =>
        output.WriteLine(firstStep == 0 ? $"training: {totalSteps} steps" : $"training: resuming at step {firstStep} of {totalSteps}");

    public void Step(StepReport r)
    {
        if (!_first && r.Step != r.TotalSteps && _sinceLine.Elapsed < interval)
        {
            return;
        }
        _first = false;
        _sinceLine.Restart();
        double eta = r.StepsPerSecond > 0 ? (r.TotalSteps - r.Step) / r.StepsPerSecond : 0;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"step {r.Step}/{r.TotalSteps}  epoch {r.Epoch:0.00}  loss {r.SmoothedLoss:0.0000}  lr {r.LearningRate:G3}  {r.StepsPerSecond:0.00} it/s  eta {TimeSpan.FromSeconds(Math.Round(eta)):c}"));
    }

    public void Note(string message) => output.WriteLine(message);

    public void Dispose()
    {
    }
}
