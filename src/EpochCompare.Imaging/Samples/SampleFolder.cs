using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Metadata;

namespace EpochCompare.Imaging.Samples;

/// <summary>A sample image on disk and what it says about itself.</summary>
public sealed record SampleFile(string Path, SampleName Name);

/// <summary>
/// The sample images of one folder: files whose names follow a trainer's scheme, OneTrainer's per-prompt
/// subfolders (<c>{i} - {prompt}/</c>), and images from any UI told by their embedded parameters
/// (A1111/Forge, ComfyUI, SwarmUI; the LoRA's file name gives the epoch or step). Everything else is listed
/// as unrecognised.
/// </summary>
public sealed class SampleFolder
{
    private SampleFolder(string directory, IReadOnlyList<SampleFile> samples, IReadOnlyList<string> unrecognized, IReadOnlyList<string> notes)
    {
        Directory = directory;
        Samples = samples;
        Unrecognized = unrecognized;
        Notes = notes;
    }

    public string Directory { get; }

    public IReadOnlyList<SampleFile> Samples { get; }

    /// <summary>File names (natural order) that are not images or whose names follow no known scheme.</summary>
    public IReadOnlyList<string> Unrecognized { get; }

    /// <summary>Images left out for a reason worth telling (a LoRA name without epoch, several LoRAs at once).</summary>
    public IReadOnlyList<string> Notes { get; }

    public static SampleFolder Scan(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory}: sample folder not found.");
        }
        var samples = new List<SampleFile>();
        var unrecognized = new List<string>();
        var notes = new List<string>();
        foreach (string path in ImagePaths(directory))
        {
            if (SampleNameParser.TryParse(path, out SampleName name))
            {
                samples.Add(new SampleFile(path, name));
            }
            else if (FromMetadata(path, notes) is { } told)
            {
                samples.Add(new SampleFile(path, told));
            }
            else if (!notes.Any(n => n.StartsWith(path, StringComparison.Ordinal)))
            {
                unrecognized.Add(System.IO.Path.GetRelativePath(directory, path));
            }
        }
        return new SampleFolder(directory, samples, unrecognized, notes);
    }

    /// <summary>True when the folder holds OneTrainer's per-prompt sample subfolders.</summary>
    public static bool HasOneTrainerSubfolders(string directory) =>
        System.IO.Directory.EnumerateDirectories(directory).Any(d => IsOneTrainerPromptFolder(System.IO.Path.GetFileName(d)));

    private static bool IsOneTrainerPromptFolder(string name)
    {
        int dash = name.IndexOf(" - ", StringComparison.Ordinal);
        return dash > 0 && name[..dash].All(char.IsAsciiDigit);
    }

    private static IEnumerable<string> ImagePaths(string directory)
    {
        IEnumerable<string> files = System.IO.Directory.EnumerateFiles(directory);
        IEnumerable<string> oneTrainer = System.IO.Directory.EnumerateDirectories(directory)
            .Where(d => IsOneTrainerPromptFolder(System.IO.Path.GetFileName(d)))
            .SelectMany(System.IO.Directory.EnumerateFiles);
        return files.Order(NaturalOrder.Instance).Concat(oneTrainer.Order(NaturalOrder.Instance));
    }

    /// <summary>
    /// A UI's image: the column from the one LoRA it used (none, or strength 0: the base model). A1111's
    /// X/Y/Z grid image itself (<c>xyz_grid-*</c>) carries its first cell's parameters and is skipped.
    /// </summary>
    private static SampleName? FromMetadata(string path, List<string> notes)
    {
        string file = System.IO.Path.GetFileName(path);
        if (!file.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || file.StartsWith("xyz_grid-", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        if (GenerationInfo.Read(path) is not { } info)
        {
            return null;
        }
        LoraUse[] active = [.. info.Loras.Where(l => l.Strength != 0)];
        var named = active.Select(l => (Use: l, Name: CheckpointName.Parse(l.Name))).ToList();
        var timed = named.Where(n => n.Name.Kind is not null).ToList();
        if (active.Length == 0)
        {
            return new SampleName(SampleNaming.Metadata, 0, ColumnKind.Base, 0, info.Seed) { Prompt = info.Prompt };
        }
        if (timed.Count == 1)
        {
            return new SampleName(SampleNaming.Metadata, 0, timed[0].Name.Kind!.Value, timed[0].Name.Value, info.Seed) { Prompt = info.Prompt };
        }
        notes.Add(timed.Count == 0
            ? $"{path}: LoRA '{named[0].Use.Name}' has no epoch or step in its name (kohya's and ai-toolkit's last save); left out."
            : $"{path}: {timed.Count} LoRAs with epochs at once ({string.Join(", ", timed.Select(t => t.Use.Name))}); left out.");
        return null;
    }

    /// <summary>
    /// The one-line error for a folder with nothing usable, listing (some of) what was found so the
    /// user sees at once which naming scheme their files follow.
    /// </summary>
    public string NothingRecognisedMessage()
    {
        const int shown = 8;
        string found = Unrecognized.Count == 0
            ? Notes.Count == 0 ? "the folder is empty" : Notes[0]
            : $"found {Unrecognized.Count} file(s): {string.Join(", ", Unrecognized.Take(shown))}{(Unrecognized.Count > shown ? ", ..." : "")}";
        return $"{Directory}: no sample images with a recognised name or generation metadata (kohya name_e000025_00_20240101120000_1.png, " +
               $"ai-toolkit 1712345678901__000002500_0.jpg, SimpleTuner step_500_name_0_1024x1024.png, OneTrainer samples/0 - prompt/, " +
               $"A1111/ComfyUI/SwarmUI PNGs with parameters, or e25_s1.png); {found}.";
    }
}
