using EpochCompare.Training.Loop;
using Spectre.Console;

namespace EpochCompare.Cli.Pipeline;

/// <summary>
/// The semantic embedding step's progress: on an interactive terminal one Spectre bar per encoder pass
/// (images done of total, ETA), as the trainer's <see cref="SpectreProgress"/>; into a pipe, a file or
/// with <c>--quiet</c> nothing, so logs stay plain text.
/// </summary>
internal static class EmbeddingProgress
{
    /// <summary>Starts a named pass and returns its (done, total) callback.</summary>
    public delegate Action<int, int> StartPass(string name);

    /// <summary>
    /// Runs <paramref name="body"/> with a live bar when <paramref name="log"/> is the terminal, else with no
    /// passes. Lines <paramref name="body"/> logs meanwhile are held and printed under the finished bars
    /// (writing past Spectre would tear its redraw).
    /// </summary>
    public static T Run<T>(TextWriter log, Func<TextWriter, StartPass?, T> body)
    {
        if (!SpectreProgress.IsAvailable(log))
        {
            return body(log, null);
        }
        using var held = new StringWriter();
        T result = AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx => body(held, name =>
            {
                ProgressTask task = ctx.AddTask(Markup.Escape(name));
                return (done, total) =>
                {
                    task.MaxValue = Math.Max(total, 1);
                    task.Value = total == 0 ? 1 : done;
                };
            }));
        log.Write(held.ToString());
        return result;
    }
}
