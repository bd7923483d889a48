using System.CommandLine;

namespace EpochCompare.Cli;

/// <summary>The subcommands of <c>epochcompare</c>, one file each under Commands/.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        // One line per command; keep alphabetical so parallel additions merge cleanly.
        yield return Commands.BenchCommand.Create();
        yield return Commands.DemoCommand.Create();
        yield return Commands.EvaluateBaseCommand.Create();
        yield return Commands.GridCommand.Create();
        yield return Commands.InspectCommand.Create();
        yield return Commands.LoraCommand.Create();
        yield return Commands.MetricsCommand.Create();
        yield return Commands.PlanCommand.Create();
        yield return Commands.PretrainBaseCommand.Create();
        yield return Commands.SampleCommand.Create();
        yield return Commands.TrainCommand.Create();
        yield return Commands.TrainClassifierCommand.Create();
    }
}
