namespace EpochCompare.Cli.Pipeline;

/// <summary>
/// The demo's output folder: built complete under a partial name, then swapped in. An earlier demo folder
/// (recognised by its summary.json) is replaced; any other non-empty folder is refused, never deleted.
/// </summary>
internal static class DemoFolder
{
    private const string Marker = "summary.json";

    public static void RefuseForeign(string target)
    {
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !File.Exists(Path.Combine(target, Marker)))
        {
            throw new IOException($"{target}: exists and is not an earlier demo folder (no {Marker}); choose another --out.");
        }
        if (File.Exists(target))
        {
            throw new IOException($"{target}: is a file; choose another --out.");
        }
    }

    public static void Replace(string partial, string target)
    {
        RefuseForeign(target);
        if (Directory.Exists(target))
        {
            string old = target + ".old";
            if (Directory.Exists(old))
            {
                Directory.Delete(old, recursive: true);
            }
            Directory.Move(target, old);
            Directory.Move(partial, target);
            Directory.Delete(old, recursive: true);
        }
        else
        {
            Directory.Move(partial, target);
        }
    }
}
