using System.Globalization;

namespace EpochCompare.Flux.Sampling;

/// <summary>
/// kohya's prompt dictionary (train_util <c>line_to_prompt_dict</c>; what <c>.toml</c> and <c>.json</c> prompt files hold
/// directly): <c>prompt</c>, <c>negative_prompt</c>, <c>width</c>, <c>height</c>, <c>seed</c>, <c>sample_steps</c>,
/// <c>scale</c> (what <c>--l</c> sets) and <c>guidance_scale</c> (<c>--g</c>), read exactly as the same options of a
/// <c>.txt</c> line. <c>sample_sampler</c>, <c>controlnet_image</c>, <c>cfg_trunc_ratio</c>, <c>renorm_cfg</c>,
/// <c>flow_shift</c> and <c>enum</c> are accepted and ignored, as <see cref="SamplePromptFile"/> ignores their options;
/// any other key is an error naming the entry.
/// </summary>
public static class SamplePromptKeys
{
    private static readonly HashSet<string> Ignored = ["sample_sampler", "controlnet_image", "cfg_trunc_ratio", "renorm_cfg", "flow_shift", "enum"];

    /// <param name="values">Key to value: string, long, double or bool.</param>
    public static SamplePrompt FromDictionary(IEnumerable<KeyValuePair<string, object?>> values, string where)
    {
        var prompt = new SamplePrompt("");
        bool hasPrompt = false;
        foreach ((string key, object? value) in values)
        {
            switch (key)
            {
                case "prompt":
                    prompt = prompt with { Prompt = Text(value, key, where).Trim() };
                    hasPrompt = true;
                    break;
                case "negative_prompt": prompt = prompt with { NegativePrompt = Text(value, key, where) }; break;
                case "width": prompt = prompt with { Width = PositiveInt(value, key, where) }; break;
                case "height": prompt = prompt with { Height = PositiveInt(value, key, where) }; break;
                case "seed": prompt = prompt with { Seed = Seed(value, key, where) }; break;
                case "sample_steps": prompt = prompt with { Steps = PositiveInt(value, key, where) }; break;
                case "scale": prompt = prompt with { CfgScale = Number(value, key, where) }; break;
                case "guidance_scale": prompt = prompt with { Guidance = Number(value, key, where) }; break;
                case var ignored when Ignored.Contains(ignored): break;
                default:
                    throw new InvalidDataException($"{where}: unknown key '{key}' (known: prompt, negative_prompt, width, height, seed, sample_steps, scale, guidance_scale)");
            }
        }
        if (!hasPrompt || prompt.Prompt.Length == 0)
        {
            throw new InvalidDataException($"{where}: no prompt text (key 'prompt')");
        }
        return prompt;
    }

    private static string Text(object? value, string key, string where) =>
        value as string ?? throw new InvalidDataException($"{where}: '{key}' must be text, got {Describe(value)}");

    private static int PositiveInt(object? value, string key, string where) =>
        value is long n and > 0 and <= int.MaxValue
            ? (int)n
            : throw new InvalidDataException($"{where}: '{key}' needs a positive whole number, got {Describe(value)}");

    private static ulong Seed(object? value, string key, string where) =>
        value is long n and >= 0
            ? (ulong)n
            : throw new InvalidDataException($"{where}: '{key}' needs a seed from 0 up, got {Describe(value)}");

    private static double Number(object? value, string key, string where) => value switch
    {
        long n => n,
        double d when double.IsFinite(d) => d,
        _ => throw new InvalidDataException($"{where}: '{key}' needs a number, got {Describe(value)}"),
    };

    private static string Describe(object? value) => value switch
    {
        null => "nothing",
        string s => $"'{s}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.GetType().Name,
    };
}
