namespace EpochCompare.Imaging.Samples;

/// <summary>
/// Prompt texts by index from a kohya-style prompt file: one prompt per line, blank lines and '#'
/// comments skipped, per-line options (" --n ...", " --d 42", ...) removed.
/// </summary>
public static class PromptFile
{
    public static IReadOnlyList<string> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: prompt file not found.", path);
        }
        var prompts = new List<string>();
        foreach (string raw in File.ReadAllLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            int options = line.IndexOf(" --", StringComparison.Ordinal);
            prompts.Add((options >= 0 ? line[..options] : line).Trim());
        }
        return prompts;
    }
}
