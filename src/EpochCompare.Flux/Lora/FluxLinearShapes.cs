using System.Text.RegularExpressions;
using EpochCompare.Flux.Config;

namespace EpochCompare.Flux.Lora;

/// <summary>The (in, out) features of every Linear in a FLUX model, by BFL module path.</summary>
public static partial class FluxLinearShapes
{
    public static (int In, int Out)? Of(string module, FluxParams p)
    {
        int h = p.HiddenSize, mlp = p.MlpHiddenDim;
        Match match = Block().Match(module);
        if (match.Success)
        {
            if (int.Parse(match.Groups["index"].Value) >= (match.Groups["kind"].Value == "double" ? p.Depth : p.DepthSingleBlocks))
            {
                return null;
            }
            return match.Groups["child"].Value switch
            {
                "img_mod.lin" or "txt_mod.lin" => (h, 6 * h),
                "img_attn.qkv" or "txt_attn.qkv" => (h, 3 * h),
                "img_attn.proj" or "txt_attn.proj" => (h, h),
                "img_mlp.0" or "txt_mlp.0" => (h, mlp),
                "img_mlp.2" or "txt_mlp.2" => (mlp, h),
                "linear1" when match.Groups["kind"].Value == "single" => (h, 3 * h + mlp),
                "linear2" when match.Groups["kind"].Value == "single" => (h + mlp, h),
                "modulation.lin" when match.Groups["kind"].Value == "single" => (h, 3 * h),
                _ => null,
            };
        }
        return module switch
        {
            "img_in" => (p.InChannels, h),
            "txt_in" => (p.ContextInDim, h),
            "time_in.in_layer" => (256, h),
            "guidance_in.in_layer" when p.GuidanceEmbed => (256, h),
            "vector_in.in_layer" => (p.VecInDim, h),
            "time_in.out_layer" or "vector_in.out_layer" => (h, h),
            "guidance_in.out_layer" when p.GuidanceEmbed => (h, h),
            "final_layer.linear" => (h, p.OutChannels),
            "final_layer.adaLN_modulation.1" => (h, 2 * h),
            _ => null,
        };
    }

    public static int? OutFeatures(string module, FluxParams p) => Of(module, p)?.Out;

    [GeneratedRegex(@"^(?<kind>double|single)_blocks\.(?<index>\d+)\.(?<child>.+)$")]
    private static partial Regex Block();
}
