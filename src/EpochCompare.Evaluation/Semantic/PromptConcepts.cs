using EpochCompare.Imaging.Samples;

namespace EpochCompare.Evaluation.Semantic;

/// <summary>
/// The subject noun phrase each prompt asks for, for the zero-shot "is it still a ...?" question:
/// an explicit <c>--concept</c> (command line or on the prompt's line) wins; otherwise the prompt's
/// first comma-separated part (the style suffix dropped), without the trigger word(s) and a leading
/// article. Trigger words are those given, plus (with two or more prompts) the words every prompt's
/// subject part shares, as a LoRA's trigger is.
/// </summary>
public static class PromptConcepts
{
    private static readonly HashSet<string> Articles = new(StringComparer.OrdinalIgnoreCase) { "a", "an", "the" };

    /// <summary>Per prompt index: the concept, or none when nothing is left after removing the trigger.</summary>
    public static Dictionary<int, string> Derive(
        IReadOnlyList<string> prompts,
        IReadOnlyDictionary<int, string> explicitConcepts,
        IReadOnlyCollection<string> triggers)
    {
        var subjects = prompts.Select(Subject).ToList();
        var trigger = new HashSet<string>(triggers, StringComparer.OrdinalIgnoreCase);
        if (subjects.Count >= 2)
        {
            IEnumerable<string> shared = Words(subjects[0]);
            foreach (string subject in subjects.Skip(1))
            {
                shared = shared.Intersect(Words(subject), StringComparer.OrdinalIgnoreCase);
            }
            trigger.UnionWith(shared.Where(w => !Articles.Contains(w)));
        }
        var concepts = new Dictionary<int, string>();
        for (int i = 0; i < prompts.Count; i++)
        {
            if (explicitConcepts.TryGetValue(i, out string? given) && !string.IsNullOrWhiteSpace(given))
            {
                concepts[i] = given.Trim();
                continue;
            }
            var words = Words(subjects[i]).Where(w => !trigger.Contains(w)).SkipWhile(Articles.Contains).ToList();
            if (words.Count > 0)
            {
                concepts[i] = string.Join(' ', words);
            }
        }
        return concepts;
    }

    /// <summary>The <c>--concept</c> option of a kohya-style prompt line (its value runs to the next <c> --</c>), or null.</summary>
    public static string? LineOption(string line) => PromptLine.Option(line, "concept");

    /// <summary>Per prompt index, the <c>--concept</c> line options of a prompt file (same indexing as the prompts).</summary>
    public static Dictionary<int, string> FromPromptFile(string path) =>
        PromptFile.ReadEntries(path).Where(e => e.Option("concept") is not null).ToDictionary(e => e.Index, e => e.Option("concept")!);

    private static string Subject(string prompt)
    {
        int options = prompt.IndexOf(" --", StringComparison.Ordinal);
        string text = options >= 0 ? prompt[..options] : prompt;
        int comma = text.IndexOf(',');
        return (comma >= 0 ? text[..comma] : text).Trim();
    }

    private static List<string> Words(string text) =>
        [.. text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('.', ';', ':', '(', ')', '"'))
            .Where(w => w.Length > 0)];
}
