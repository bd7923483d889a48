using System.CommandLine;

namespace EpochCompare.Cli;

/// <summary>
/// Builds the <c>epochcompare</c> command tree and runs it with the exit-code contract:
/// 0 success, 1 failure (one line on stderr, no stack trace), 2 usage error.
/// </summary>
public static class CliApp
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("EpochCompare: which LoRA epoch is best, and where did it start to overfit?");
        // Each capability lives in its own file under Commands/ and is registered here.
        foreach (Command command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        RootCommand root = BuildRoot();
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                error.WriteLine($"epochcompare: {parseError.Message}");
            }
            error.WriteLine("Run 'epochcompare --help' for usage.");
            return ExitUsage;
        }

        if (LibTorchCheck.Needed(parsed.CommandResult.Command.Name) && LibTorchCheck.Problem() is { } problem)
        {
            error.WriteLine($"epochcompare: error: {problem}");
            return ExitFailure;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (UsageException ex)
        {
            error.WriteLine($"epochcompare: {ex.Message}");
            return ExitUsage;
        }
        catch (Exception ex) when (LibTorchCheck.IsLoadFailure(ex))
        {
            error.WriteLine("epochcompare: error: LibTorch (TorchSharp's native libraries) could not load; see the trace above. On Linux it needs libstdc++ with "
                + $"{LibTorchCheck.RequiredSymbolVersion} (tools/setup-libstdcxx.sh on Debian 12).");
            return ExitFailure;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error.WriteLine($"epochcompare: error: {OneLine(ex)}");
            return ExitFailure;
        }
    }

    /// <summary>The message of the innermost meaningful exception, folded onto one line.</summary>
    internal static string OneLine(Exception ex)
    {
        while (ex is AggregateException { InnerExceptions.Count: 1 } agg)
        {
            ex = agg.InnerExceptions[0];
        }
        while (ex is System.Reflection.TargetInvocationException { InnerException: { } inner })
        {
            ex = inner;
        }
        return ex.Message.ReplaceLineEndings(" ").Trim();
    }
}

/// <summary>Thrown by a command for a bad combination of options that the parser cannot see: exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
