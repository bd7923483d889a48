using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace EpochCompare.Imaging.Samples;

/// <summary>
/// The sample prompts of an ai-toolkit run, from the <c>config.yaml</c> it saves beside <c>samples/</c>
/// (the job config: <c>config.process[].sample</c>). Index i is the <c>_{i}</c> of the sample names. Seeds:
/// a prompt's own <c>--seed</c>, else a <c>samples:</c> entry's <c>seed</c>, else <c>sample.seed</c> (default 0)
/// plus i when <c>walk_seed</c> is on. <c>[trigger]</c> is replaced by the run's <c>trigger_word</c>.
/// </summary>
public static class AiToolkitConfig
{
    public const string FileName = "config.yaml";

    /// <summary>The prompts, or null when the file has no sample section.</summary>
    public static IReadOnlyList<PromptLine>? ReadPrompts(string path)
    {
        object? root;
        try
        {
            root = new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(path));
        }
        catch (YamlException ex)
        {
            throw new InvalidDataException($"{path}: not valid YAML ({ex.Message.ReplaceLineEndings(" ")}).", ex);
        }
        object? processes = Get(Get(root, "config"), "process") ?? Get(root, "process");
        if (processes is not List<object> list)
        {
            return null;
        }
        foreach (object process in list)
        {
            if (Get(process, "sample") is not Dictionary<object, object> sample)
            {
                continue;
            }
            string? trigger = Get(process, "trigger_word") as string;
            long baseSeed = Int64(Get(sample, "seed")) ?? 0;
            bool walk = Get(sample, "walk_seed") is string w && bool.TryParse(w, out bool on) && on;
            var prompts = new List<PromptLine>();
            IEnumerable<object> entries = Get(sample, "samples") as List<object> ?? Get(sample, "prompts") as List<object> ?? [];
            foreach (object entry in entries)
            {
                int i = prompts.Count;
                string text = entry as string ?? Get(entry, "prompt") as string ?? "";
                if (trigger is not null)
                {
                    text = text.Replace("[trigger]", trigger, StringComparison.Ordinal);
                }
                long seed = Int64(Get(entry, "seed")) ?? (walk ? baseSeed + i : baseSeed);
                prompts.Add(PromptLine.FromText(i, text, seed));
            }
            return prompts;
        }
        return null;
    }

    private static object? Get(object? node, string key) =>
        node is Dictionary<object, object> map && map.TryGetValue(key, out object? value) ? value : null;

    private static long? Int64(object? value) =>
        value is string text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : null;
}
