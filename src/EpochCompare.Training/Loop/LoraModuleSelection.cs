using EpochCompare.Flux.Lora;
using EpochCompare.Flux.Transformer;

namespace EpochCompare.Training.Loop;

/// <summary>
/// <c>--network-modules</c>: "default" (kohya's targets: every Linear in the blocks), "all" (plus the input
/// embedders), or a comma list where each entry is a module path or a suffix of one ("img_attn.qkv", "linear1").
/// </summary>
internal static class LoraModuleSelection
{
    public static IReadOnlyList<string> Resolve(string spec, FluxTransformer model)
    {
        var defaults = LoraTargets.Default(model.Params).ToList();
        string trimmed = spec.Trim();
        if (trimmed.Length == 0 || trimmed.Equals("default", StringComparison.OrdinalIgnoreCase))
        {
            return defaults;
        }
        if (trimmed.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return LoraTargets.WithEmbedders(model.Params, LoraTargets.EmbedderLinears.Keys).Distinct().ToList();
        }
        var all = LoRANetwork.Linears(model).Keys.Where(k => !k.StartsWith("final_layer", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var chosen = new List<string>();
        foreach (string entry in trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var matches = all.Where(p => p == entry || p.EndsWith("." + entry, StringComparison.Ordinal)).ToList();
            if (matches.Count == 0)
            {
                throw new ArgumentException($"--network-modules: '{entry}' matches no Linear of the model (e.g. img_attn.qkv, txt_mlp.0, linear1, modulation.lin).");
            }
            chosen.AddRange(matches.Where(m => !chosen.Contains(m)));
        }
        return chosen;
    }
}
