using EpochCompare.Imaging.Samples;

namespace EpochCompare.Evaluation.Signals;

/// <summary>
/// Prompt roles from a sample-prompt file (any format <see cref="PromptFile"/> reads, so indices match the sample
/// names' prompt index): an optional line option <c>--role probe</c> or <c>--role target</c> next to kohya's own
/// (<c>--d 42 --w 1024</c> ...). Entries without it keep the default role.
/// </summary>
public static class PromptRoleFile
{
    public static IReadOnlyDictionary<int, PromptRole> Read(string path)
    {
        var roles = new Dictionary<int, PromptRole>();
        foreach (PromptEntry entry in PromptFile.ReadEntries(path))
        {
            if (entry.Option("role") is { } text)
            {
                if (!PromptRoles.TryParse(text, out PromptRole role))
                {
                    throw new InvalidDataException($"{entry.Location}: unknown role '{text}' (use target or probe).");
                }
                roles[entry.Index] = role;
            }
        }
        return roles;
    }
}
