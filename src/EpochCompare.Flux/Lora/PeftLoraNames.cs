using System.Text.RegularExpressions;
using EpochCompare.Flux.Config;

namespace EpochCompare.Flux.Lora;

/// <summary>
/// Maps dotted LoRA module names, diffusers (<c>transformer.transformer_blocks.N.attn.to_q</c>, ...) or BFL
/// (<c>diffusion_model.double_blocks.N.img_attn.qkv</c>), onto our modules and their rows.
/// </summary>
public static partial class PeftLoraNames
{
    /// <summary>Prefixes seen in the wild, stripped before matching.</summary>
    private static readonly string[] Prefixes = ["base_model.model.", "transformer.", "diffusion_model.", "model.diffusion_model."];

    public static string StripPrefixes(string module)
    {
        bool stripped = true;
        while (stripped)
        {
            stripped = false;
            foreach (string prefix in Prefixes)
            {
                if (module.StartsWith(prefix, StringComparison.Ordinal))
                {
                    module = module[prefix.Length..];
                    stripped = true;
                }
            }
        }
        return module;
    }

    /// <summary>Maps a diffusers (or BFL) module name, prefixes already stripped or not, onto our module and rows.</summary>
    public static bool TryMap(string module, FluxParams p, out PeftLoraTarget target)
    {
        module = StripPrefixes(module);
        int h = p.HiddenSize;
        target = null!;

        Match match = DoubleBlock().Match(module);
        if (match.Success)
        {
            string block = $"double_blocks.{match.Groups["i"].Value}.";
            target = match.Groups["child"].Value switch
            {
                "attn.to_q" => new PeftLoraTarget(block + "img_attn.qkv", 0, h),
                "attn.to_k" => new PeftLoraTarget(block + "img_attn.qkv", h, h),
                "attn.to_v" => new PeftLoraTarget(block + "img_attn.qkv", 2 * h, h),
                "attn.add_q_proj" => new PeftLoraTarget(block + "txt_attn.qkv", 0, h),
                "attn.add_k_proj" => new PeftLoraTarget(block + "txt_attn.qkv", h, h),
                "attn.add_v_proj" => new PeftLoraTarget(block + "txt_attn.qkv", 2 * h, h),
                "attn.to_out.0" => new PeftLoraTarget(block + "img_attn.proj", 0, h),
                "attn.to_add_out" => new PeftLoraTarget(block + "txt_attn.proj", 0, h),
                "ff.net.0.proj" => new PeftLoraTarget(block + "img_mlp.0", 0, p.MlpHiddenDim),
                "ff.net.2" => new PeftLoraTarget(block + "img_mlp.2", 0, h),
                "ff_context.net.0.proj" => new PeftLoraTarget(block + "txt_mlp.0", 0, p.MlpHiddenDim),
                "ff_context.net.2" => new PeftLoraTarget(block + "txt_mlp.2", 0, h),
                "norm1.linear" => new PeftLoraTarget(block + "img_mod.lin", 0, 6 * h),
                "norm1_context.linear" => new PeftLoraTarget(block + "txt_mod.lin", 0, 6 * h),
                _ => null!,
            };
            return target is not null;
        }

        match = SingleBlock().Match(module);
        if (match.Success)
        {
            string block = $"single_blocks.{match.Groups["j"].Value}.";
            target = match.Groups["child"].Value switch
            {
                "attn.to_q" => new PeftLoraTarget(block + "linear1", 0, h),
                "attn.to_k" => new PeftLoraTarget(block + "linear1", h, h),
                "attn.to_v" => new PeftLoraTarget(block + "linear1", 2 * h, h),
                "proj_mlp" => new PeftLoraTarget(block + "linear1", 3 * h, p.MlpHiddenDim),
                "proj_out" => new PeftLoraTarget(block + "linear2", 0, h),
                "norm.linear" => new PeftLoraTarget(block + "modulation.lin", 0, 3 * h),
                _ => null!,
            };
            return target is not null;
        }

        target = module switch
        {
            "x_embedder" => new PeftLoraTarget("img_in", 0, h),
            "context_embedder" => new PeftLoraTarget("txt_in", 0, h),
            "time_text_embed.timestep_embedder.linear_1" => new PeftLoraTarget("time_in.in_layer", 0, h),
            "time_text_embed.timestep_embedder.linear_2" => new PeftLoraTarget("time_in.out_layer", 0, h),
            "time_text_embed.text_embedder.linear_1" => new PeftLoraTarget("vector_in.in_layer", 0, h),
            "time_text_embed.text_embedder.linear_2" => new PeftLoraTarget("vector_in.out_layer", 0, h),
            "time_text_embed.guidance_embedder.linear_1" => new PeftLoraTarget("guidance_in.in_layer", 0, h),
            "time_text_embed.guidance_embedder.linear_2" => new PeftLoraTarget("guidance_in.out_layer", 0, h),
            "proj_out" => new PeftLoraTarget("final_layer.linear", 0, p.OutChannels),
            "norm_out.linear" => new PeftLoraTarget("final_layer.adaLN_modulation.1", 0, 2 * h, SwapHalves: true),
            _ => BflTarget(module, p),
        };
        return target is not null;
    }

    /// <summary>BFL's own LoRA keys already use our module names; they cover the whole output.</summary>
    private static PeftLoraTarget BflTarget(string module, FluxParams p)
    {
        int? rows = FluxLinearShapes.OutFeatures(module, p);
        return rows is int count ? new PeftLoraTarget(module, 0, count) : null!;
    }

    [GeneratedRegex(@"^transformer_blocks\.(?<i>\d+)\.(?<child>.+)$")]
    private static partial Regex DoubleBlock();

    [GeneratedRegex(@"^single_transformer_blocks\.(?<j>\d+)\.(?<child>.+)$")]
    private static partial Regex SingleBlock();
}
