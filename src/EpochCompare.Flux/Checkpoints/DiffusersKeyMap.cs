using System.Globalization;
using System.Text.RegularExpressions;

namespace EpochCompare.Flux.Checkpoints;

/// <summary>
/// diffusers <c>FluxTransformer2DModel</c> names to BFL names (real-formats.md §1.3; diffusers'
/// <c>convert_flux_transformer_checkpoint_to_diffusers</c> read backwards): renames, q/k/v (and the single
/// blocks' <c>proj_mlp</c>) concatenated into the fused <c>qkv</c> / <c>linear1</c>, and <c>norm_out.linear</c>
/// with its halves swapped. Pure names: the loader reads and concatenates the tensors.
/// </summary>
public static partial class DiffusersKeyMap
{
    /// <summary>The detection key for a diffusers transformer.</summary>
    public const string MarkerKey = "transformer_blocks.0.attn.add_k_proj.bias";

    private static readonly (string Bfl, string Diffusers)[] Global =
    [
        ("img_in", "x_embedder"),
        ("txt_in", "context_embedder"),
        ("time_in.in_layer", "time_text_embed.timestep_embedder.linear_1"),
        ("time_in.out_layer", "time_text_embed.timestep_embedder.linear_2"),
        ("vector_in.in_layer", "time_text_embed.text_embedder.linear_1"),
        ("vector_in.out_layer", "time_text_embed.text_embedder.linear_2"),
        ("guidance_in.in_layer", "time_text_embed.guidance_embedder.linear_1"),
        ("guidance_in.out_layer", "time_text_embed.guidance_embedder.linear_2"),
        ("final_layer.linear", "proj_out"),
    ];

    private static readonly (string Bfl, string[] Diffusers)[] Double =
    [
        ("img_mod.lin", ["norm1.linear"]),
        ("txt_mod.lin", ["norm1_context.linear"]),
        ("img_attn.qkv", ["attn.to_q", "attn.to_k", "attn.to_v"]),
        ("txt_attn.qkv", ["attn.add_q_proj", "attn.add_k_proj", "attn.add_v_proj"]),
        ("img_attn.proj", ["attn.to_out.0"]),
        ("txt_attn.proj", ["attn.to_add_out"]),
        ("img_mlp.0", ["ff.net.0.proj"]),
        ("img_mlp.2", ["ff.net.2"]),
        ("txt_mlp.0", ["ff_context.net.0.proj"]),
        ("txt_mlp.2", ["ff_context.net.2"]),
    ];

    private static readonly (string Bfl, string Diffusers)[] DoubleNorms =
    [
        ("img_attn.norm.query_norm.scale", "attn.norm_q.weight"),
        ("img_attn.norm.key_norm.scale", "attn.norm_k.weight"),
        ("txt_attn.norm.query_norm.scale", "attn.norm_added_q.weight"),
        ("txt_attn.norm.key_norm.scale", "attn.norm_added_k.weight"),
    ];

    private static readonly (string Bfl, string[] Diffusers)[] Single =
    [
        ("linear1", ["attn.to_q", "attn.to_k", "attn.to_v", "proj_mlp"]),
        ("linear2", ["proj_out"]),
        ("modulation.lin", ["norm.linear"]),
    ];

    private static readonly (string Bfl, string Diffusers)[] SingleNorms =
    [
        ("norm.query_norm.scale", "attn.norm_q.weight"),
        ("norm.key_norm.scale", "attn.norm_k.weight"),
    ];

    /// <summary>
    /// Every Linear module name of a diffusers FLUX transformer with these block counts (for LoRA names that
    /// spell diffusers paths with '_' for '.', like OneTrainer's <c>lora_transformer_</c>, which only a table undoes).
    /// </summary>
    public static IEnumerable<string> LinearModules(int depth, int singleDepth)
    {
        foreach (var (_, diffusers) in Global)
        {
            yield return diffusers;
        }
        yield return "norm_out.linear";
        for (int i = 0; i < depth; i++)
        {
            foreach (var (_, parts) in Double)
            {
                foreach (string part in parts)
                {
                    yield return $"transformer_blocks.{i}.{part}";
                }
            }
        }
        for (int i = 0; i < singleDepth; i++)
        {
            foreach (var (_, parts) in Single)
            {
                foreach (string part in parts)
                {
                    yield return $"single_transformer_blocks.{i}.{part}";
                }
            }
        }
    }

    /// <summary>
    /// The BFL keys a set of diffusers keys makes, each with its sources. Keys that map nowhere are returned
    /// in <paramref name="unmapped"/>; a fused key whose parts are not all present is left out and its
    /// present parts listed there too, so nothing is loaded half.
    /// </summary>
    public static IReadOnlyList<BflKeySource> Map(IEnumerable<string> diffusersKeys, out IReadOnlyList<string> unmapped)
    {
        var present = new HashSet<string>(diffusersKeys, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<BflKeySource>();
        void Add(string bfl, IReadOnlyList<string> parts, bool swap = false)
        {
            if (parts.All(present.Contains))
            {
                result.Add(new BflKeySource(bfl, parts, swap));
                used.UnionWith(parts);
            }
        }
        foreach (string suffix in (string[])["weight", "bias"])
        {
            foreach (var (bfl, diffusers) in Global)
            {
                Add($"{bfl}.{suffix}", [$"{diffusers}.{suffix}"]);
            }
            Add($"final_layer.adaLN_modulation.1.{suffix}", [$"norm_out.linear.{suffix}"], swap: true);
        }
        foreach (int i in BlockIndices(present, DoubleBlock()))
        {
            foreach (string suffix in (string[])["weight", "bias"])
            {
                foreach (var (bfl, diffusers) in Double)
                {
                    Add($"double_blocks.{i}.{bfl}.{suffix}", [.. diffusers.Select(d => $"transformer_blocks.{i}.{d}.{suffix}")]);
                }
            }
            foreach (var (bfl, diffusers) in DoubleNorms)
            {
                Add($"double_blocks.{i}.{bfl}", [$"transformer_blocks.{i}.{diffusers}"]);
            }
        }
        foreach (int i in BlockIndices(present, SingleBlock()))
        {
            foreach (string suffix in (string[])["weight", "bias"])
            {
                foreach (var (bfl, diffusers) in Single)
                {
                    Add($"single_blocks.{i}.{bfl}.{suffix}", [.. diffusers.Select(d => $"single_transformer_blocks.{i}.{d}.{suffix}")]);
                }
            }
            foreach (var (bfl, diffusers) in SingleNorms)
            {
                Add($"single_blocks.{i}.{bfl}", [$"single_transformer_blocks.{i}.{diffusers}"]);
            }
        }
        unmapped = [.. present.Where(k => !used.Contains(k)).Order(StringComparer.Ordinal)];
        return result;
    }

    private static IEnumerable<int> BlockIndices(HashSet<string> keys, Regex pattern) =>
        keys.Select(k => pattern.Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order();

    [GeneratedRegex(@"^transformer_blocks\.(\d+)\.", RegexOptions.CultureInvariant)]
    private static partial Regex DoubleBlock();

    [GeneratedRegex(@"^single_transformer_blocks\.(\d+)\.", RegexOptions.CultureInvariant)]
    private static partial Regex SingleBlock();
}
