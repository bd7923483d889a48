using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Metadata;

namespace EpochCompare.Imaging.Samples;

/// <summary>
/// Where a run's sample images are, given the folder a user points at, and the run folder that outputs
/// (grids/, metrics/) go beside. Accepted, in this order:
/// <list type="number">
/// <item>the samples folder itself (images with recognised names; <c>grid</c> writes its grids/ inside it);</item>
/// <item>a grids folder written by <c>grid</c> (its PNGs carry the grid manifest): the samples are its parent;</item>
/// <item>a run folder with a <c>samples/</c> (ours, ai-toolkit, OneTrainer), <c>sample/</c> (kohya) or
/// <c>validation_images/</c> (SimpleTuner) subfolder of samples.</item>
/// </list>
/// Anything else resolves to the folder itself, so the usual "no sample images" error names what it found.
/// </summary>
public sealed record SampleRunFolder(string SamplesDir, string RunDir)
{
    public static IReadOnlyList<string> SampleSubfolders { get; } = ["samples", "sample", SampleNameParser.SimpleTunerFolder];

    /// <summary>True when the samples were found somewhere other than the folder given.</summary>
    public bool Redirected(string given) => !PathsEqual(SamplesDir, Path.GetFullPath(given));

    public static SampleRunFolder Locate(string directory)
    {
        string given = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (!Directory.Exists(given))
        {
            throw new DirectoryNotFoundException($"{given}: sample folder not found.");
        }
        if (HasSamples(given))
        {
            return new SampleRunFolder(given, given);
        }
        if (Path.GetDirectoryName(given) is { } parent && IsGridFolder(given) && HasSamples(parent))
        {
            return new SampleRunFolder(parent, parent);
        }
        foreach (string name in SampleSubfolders)
        {
            string candidate = Path.Combine(given, name);
            if (Directory.Exists(candidate) && HasSamples(candidate))
            {
                return new SampleRunFolder(candidate, given);
            }
        }
        return new SampleRunFolder(given, given);
    }

    private static bool HasSamples(string directory) =>
        Directory.EnumerateFiles(directory).Any(path => SampleNameParser.TryParse(path, out _)) || SampleFolder.HasOneTrainerSubfolders(directory);

    /// <summary>A folder whose first PNG carries the manifest <c>grid</c> embeds in every page.</summary>
    private static bool IsGridFolder(string directory)
    {
        string? first = Directory.EnumerateFiles(directory, "*.png").Order(StringComparer.Ordinal).FirstOrDefault();
        if (first is null)
        {
            return false;
        }
        try
        {
            return PngTextChunks.Read(first).ContainsKey(GridMetadata.ManifestKeyword);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool PathsEqual(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b),
            OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
