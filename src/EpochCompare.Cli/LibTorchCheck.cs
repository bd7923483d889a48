namespace EpochCompare.Cli;

/// <summary>
/// Before a command that computes with LibTorch: TorchSharp 0.107's native wrapper (libLibTorchSharp.so) needs
/// libstdc++ from GCC 13+ (symbol version GLIBCXX_3.4.32). Where the system's is older, TorchSharp would fail
/// with a page of trace; this names the missing version and the fix in one line instead.
/// </summary>
internal static class LibTorchCheck
{
    public const string RequiredSymbolVersion = "GLIBCXX_3.4.32";

    /// <summary>The commands that run models (the others read and write images and tables only).</summary>
    private static readonly HashSet<string> TensorCommands = new(StringComparer.Ordinal)
    {
        "sample", "train", "demo", "bench", "evaluate-base", "pretrain-base", "train-classifier", "merge" /* lora merge */,
    };

    private static readonly string[] LibStdCxxCandidates =
    [
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    ];

    public static bool Needed(string commandName) => TensorCommands.Contains(commandName);

    /// <summary>One line naming the problem and the fix, or null when LibTorch can load here.</summary>
    public static string? Problem()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null; // Windows and macOS packages carry their own runtime.
        }
        string? library = LibStdCxxCandidates.FirstOrDefault(File.Exists);
        if (library is null || Contains(File.ReadAllBytes(library), RequiredSymbolVersion))
        {
            return null;
        }
        return $"LibTorch cannot load: TorchSharp's libLibTorchSharp.so needs {RequiredSymbolVersion} (libstdc++ from GCC 13+), but {library} lacks it; "
            + "on Debian 12 run tools/setup-libstdcxx.sh as root (installs Debian 13's libstdc++6), elsewhere use Ubuntu 24.04, Debian 13, Fedora 39 or newer.";
    }

    /// <summary>TorchSharp's own load failure (after it printed its trace), folded to one line.</summary>
    public static bool IsLoadFailure(Exception ex) =>
        ex is NotSupportedException or DllNotFoundException or TypeInitializationException
        && ex.ToString().Contains("LibTorchSharp", StringComparison.Ordinal);

    private static bool Contains(ReadOnlySpan<byte> haystack, string needle) =>
        haystack.IndexOf(System.Text.Encoding.ASCII.GetBytes(needle)) >= 0;
}
