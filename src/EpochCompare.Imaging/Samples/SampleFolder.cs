namespace EpochCompare.Imaging.Samples;

/// <summary>A sample image on disk and what its name says.</summary>
public sealed record SampleFile(string Path, SampleName Name);

/// <summary>The image files of one folder (not recursive), split into recognised sample names and the rest.</summary>
public sealed class SampleFolder
{
    private SampleFolder(string directory, IReadOnlyList<SampleFile> samples, IReadOnlyList<string> unrecognized)
    {
        Directory = directory;
        Samples = samples;
        Unrecognized = unrecognized;
    }

    public string Directory { get; }

    public IReadOnlyList<SampleFile> Samples { get; }

    /// <summary>File names (natural order) that are not images or whose names follow no known scheme.</summary>
    public IReadOnlyList<string> Unrecognized { get; }

    public static SampleFolder Scan(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory}: sample folder not found.");
        }
        var samples = new List<SampleFile>();
        var unrecognized = new List<string>();
        foreach (string path in System.IO.Directory.EnumerateFiles(directory).Order(NaturalOrder.Instance))
        {
            if (SampleNameParser.TryParse(path, out SampleName name))
            {
                samples.Add(new SampleFile(path, name));
            }
            else
            {
                unrecognized.Add(System.IO.Path.GetFileName(path));
            }
        }
        return new SampleFolder(directory, samples, unrecognized);
    }

    /// <summary>
    /// The one-line error for a folder with nothing usable, listing (some of) what was found so the
    /// user sees at once which naming scheme their files follow.
    /// </summary>
    public string NothingRecognisedMessage()
    {
        const int shown = 8;
        string found = Unrecognized.Count == 0
            ? "the folder is empty"
            : $"found {Unrecognized.Count} file(s): {string.Join(", ", Unrecognized.Take(shown))}{(Unrecognized.Count > shown ? ", ..." : "")}";
        return $"{Directory}: no sample images with a recognised name (kohya name_e000025_00_20240101120000_1.png, " +
               $"ai-toolkit 1712345678901__000002500_0.png, or e25_s1.png); {found}.";
    }
}
