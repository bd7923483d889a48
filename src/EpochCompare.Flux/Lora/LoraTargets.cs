using EpochCompare.Flux.Config;

namespace EpochCompare.Flux.Lora;

/// <summary>
/// Which Linear layers carry a LoRA, by module path (BFL names). Default as kohya's lora_flux:
/// every Linear in every double block (10) and single block (3); the input embedders only on request.
/// </summary>
public static class LoraTargets
{
    public static readonly IReadOnlyList<string> DoubleBlockLinears =
    [
        "img_mod.lin", "img_attn.qkv", "img_attn.proj", "img_mlp.0", "img_mlp.2",
        "txt_mod.lin", "txt_attn.qkv", "txt_attn.proj", "txt_mlp.0", "txt_mlp.2",
    ];

    public static readonly IReadOnlyList<string> SingleBlockLinears = ["linear1", "linear2", "modulation.lin"];

    /// <summary>kohya's <c>in_dims</c> names and the embedder Linears each one covers.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> EmbedderLinears = new Dictionary<string, string[]>
    {
        ["img"] = ["img_in"],
        ["time"] = ["time_in.in_layer", "time_in.out_layer"],
        ["vector"] = ["vector_in.in_layer", "vector_in.out_layer"],
        ["guidance"] = ["guidance_in.in_layer", "guidance_in.out_layer"],
        ["txt"] = ["txt_in"],
    };

    public static IEnumerable<string> Default(FluxParams p)
    {
        for (int i = 0; i < p.Depth; i++)
        {
            foreach (string child in DoubleBlockLinears)
            {
                yield return $"double_blocks.{i}.{child}";
            }
        }
        for (int j = 0; j < p.DepthSingleBlocks; j++)
        {
            foreach (string child in SingleBlockLinears)
            {
                yield return $"single_blocks.{j}.{child}";
            }
        }
    }

    /// <summary>The default targets plus the embedders named in <paramref name="inDims"/> (img, time, vector, guidance, txt).</summary>
    public static IEnumerable<string> WithEmbedders(FluxParams p, IEnumerable<string> inDims)
    {
        foreach (string name in inDims)
        {
            if (!EmbedderLinears.TryGetValue(name, out string[]? linears))
            {
                throw new ArgumentException($"unknown LoRA in_dims entry '{name}'; known: {string.Join(", ", EmbedderLinears.Keys)}.");
            }
            if (name == "guidance" && !p.GuidanceEmbed)
            {
                continue;
            }
            foreach (string linear in linears)
            {
                yield return linear;
            }
        }
        foreach (string module in Default(p))
        {
            yield return module;
        }
    }
}
