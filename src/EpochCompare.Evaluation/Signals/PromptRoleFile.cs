namespace EpochCompare.Evaluation.Signals;

/// <summary>
/// Prompt roles from a kohya-style prompt file: one prompt per line (blank lines and '#' comments
/// skipped, so indices match the sample names' prompt index), with an optional per-line option
/// <c>--role probe</c> or <c>--role target</c> next to kohya's own (<c>--d 42 --w 1024</c> ...).
/// Lines without it keep the default role.
/// </summary>
public static class PromptRoleFile
{
    public static IReadOnlyDictionary<int, PromptRole> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: prompt file not found.", path);
        }
        var roles = new Dictionary<int, PromptRole>();
        int index = 0;
        int lineNumber = 0;
        foreach (string raw in File.ReadAllLines(path))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (RoleOption(line) is { } text)
            {
                if (!PromptRoles.TryParse(text, out PromptRole role))
                {
                    throw new InvalidDataException($"{path}:{lineNumber}: unknown role '{text}' (use target or probe).");
                }
                roles[index] = role;
            }
            index++;
        }
        return roles;
    }

    private static string? RoleOption(string line)
    {
        string[] words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < words.Length - 1; i++)
        {
            if (words[i] == "--role")
            {
                return words[i + 1];
            }
        }
        return null;
    }
}
