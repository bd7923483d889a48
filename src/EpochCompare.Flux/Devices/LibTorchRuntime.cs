using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EpochCompare.Flux.Devices;

/// <summary>
/// Process-wide settings LibTorch reads once, when its native library loads. LibTorch's CPU threads come from
/// OpenMP, whose idle threads busy-wait between parallel regions by default. Where other processes want the same
/// cores (test projects run side by side, a trainer beside a browser) the spinning threads take the cores the
/// working ones need: on the 2-core machine here a 12-step flux-tiny LoRA run took 59 s spinning and 9.5 s with
/// <c>OMP_WAIT_POLICY=PASSIVE</c>. So unless the user set a policy, threads wait passively. Runs as a module
/// initializer of every assembly of ours that calls LibTorch, before its first call.
/// </summary>
public static class LibTorchRuntime
{
    private const string WaitPolicy = "OMP_WAIT_POLICY";

    public static void Configure()
    {
        if (Environment.GetEnvironmentVariable(WaitPolicy) is not null)
        {
            return;
        }
        // The native environment, which OpenMP reads (Environment.SetEnvironmentVariable changes only .NET's copy on Unix).
        if (OperatingSystem.IsWindows())
        {
            _ = PutEnvWindows(WaitPolicy, "PASSIVE");
        }
        else
        {
            _ = SetEnvUnix(WaitPolicy, "PASSIVE", 0);
        }
        Environment.SetEnvironmentVariable(WaitPolicy, "PASSIVE");
    }

#pragma warning disable CA2255 // a library's module initializer is the point: it runs before the library's first LibTorch call
    [ModuleInitializer]
    internal static void Initialize() => Configure();
#pragma warning restore CA2255

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi)]
    private static extern int SetEnvUnix(string name, string value, int overwrite);

    [DllImport("ucrtbase", EntryPoint = "_putenv_s", CharSet = CharSet.Ansi)]
    private static extern int PutEnvWindows(string name, string value);
}
