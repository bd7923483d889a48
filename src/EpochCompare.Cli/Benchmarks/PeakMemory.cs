namespace EpochCompare.Cli.Benchmarks;

/// <summary>
/// The process's peak resident memory (Linux <c>VmHWM</c>), resettable per phase by writing 5 to
/// <c>/proc/self/clear_refs</c> (the peak restarts from the current RSS), so each phase reports its own peak.
/// </summary>
internal static class PeakMemory
{
    /// <summary>Restarts the peak; false where the kernel does not allow it (the peak then covers the whole run so far).</summary>
    public static bool Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static double PeakGiB() => StatusKiB("VmHWM:") / (1024.0 * 1024.0);

    public static double CurrentGiB() => StatusKiB("VmRSS:") / (1024.0 * 1024.0);

    private static long StatusKiB(string field)
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
