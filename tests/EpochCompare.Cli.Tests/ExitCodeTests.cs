using static EpochCompare.Cli.Tests.CliRunner;
using EpochCompare.Cli;

namespace EpochCompare.Cli.Tests;

public class ExitCodeTests
{
    [Fact]
    public void UnknownCommandIsAUsageError()
    {
        var (code, _, err) = Run("no-such-command");
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("no-such-command", err);
    }

    [Fact]
    public void HelpSucceedsAndDescribesTheTool()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(CliApp.ExitOk, code);
        Assert.Contains("overfit", output);
    }

    [Fact]
    public void ExceptionMessagesAreFoldedOntoOneLine()
    {
        var ex = new AggregateException(new InvalidDataException("bad.safetensors: header\nlength too large"));
        Assert.Equal("bad.safetensors: header length too large", CliApp.OneLine(ex));
    }
}
