using System.Globalization;
using Spectre.Console;

namespace EpochCompare.Training.Loop;

/// <summary>
/// The interactive-terminal view: one Spectre bar with epoch, step/total, smoothed loss, it/s and ETA.
/// Notes (checkpoints saved) are printed above the bar.
/// </summary>
public sealed class SpectreProgress(ProgressContext context) : ITrainingProgress
{
    private ProgressTask? _task;

    /// <summary>True when stdout is a terminal Spectre can redraw (not a pipe, a file or CI).</summary>
    public static bool IsAvailable(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="body"/> with a live bar; returns what it returns.</summary>
    public static T Run<T>(Func<ITrainingProgress, T> body) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx => body(new SpectreProgress(ctx)));

    public void Start(long firstStep, long totalSteps)
    {
        _task = context.AddTask("training", maxValue: totalSteps);
        _task.Value = firstStep;
    }

    public void Step(StepReport r)
    {
        if (_task is null)
        {
            return;
        }
        _task.Value = r.Step;
        _task.Description = string.Create(CultureInfo.InvariantCulture,
            $"epoch {r.Epoch:0.00}  step {r.Step}/{r.TotalSteps}  loss {r.SmoothedLoss:0.0000}  {r.StepsPerSecond:0.00} it/s");
    }

    public void Note(string message) => AnsiConsole.MarkupLine(Markup.Escape(message));

    public void Dispose()
    {
    }
}
