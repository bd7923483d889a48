using System.Text.RegularExpressions;

namespace EpochCompare.Flux.Lora;

/// <summary>
/// kohya lora_flux names: <c>"lora_unet_" + module path with '.' replaced by '_'</c>, e.g.
/// <c>double_blocks.0.img_attn.qkv</c> &lt;-&gt; <c>lora_unet_double_blocks_0_img_attn_qkv</c>.
/// The reverse direction is not a plain replace (module names contain '_'), so it matches the known shapes.
/// </summary>
public static partial class KohyaLoraNames
{
    public const string Prefix = "lora_unet_";
    public const string DownSuffix = ".lora_down.weight";
    public const string UpSuffix = ".lora_up.weight";
    public const string AlphaSuffix = ".alpha";

    public static string FromModulePath(string modulePath) => Prefix + modulePath.Replace('.', '_');

    public static bool TryGetModulePath(string loraName, out string modulePath)
    {
        Match match = DoubleBlock().Match(loraName);
        if (match.Success)
        {
            string child = match.Groups["child"].Value switch
            {
                "mod_lin" => "mod.lin",
                "attn_qkv" => "attn.qkv",
                "attn_proj" => "attn.proj",
                "mlp_0" => "mlp.0",
                _ => "mlp.2",
            };
            modulePath = $"double_blocks.{match.Groups["i"].Value}.{match.Groups["stream"].Value}_{child}";
            return true;
        }
        match = SingleBlock().Match(loraName);
        if (match.Success)
        {
            string child = match.Groups["child"].Value == "modulation_lin" ? "modulation.lin" : match.Groups["child"].Value;
            modulePath = $"single_blocks.{match.Groups["j"].Value}.{child}";
            return true;
        }
        match = Embedder().Match(loraName);
        if (match.Success)
        {
            string name = match.Groups["name"].Value;
            modulePath = name is "img_in" or "txt_in"
                ? name
                : name.Replace("_in_", "_in.", StringComparison.Ordinal);
            return true;
        }
        // Converted files (diffusers -> kohya) may adapt the final layer too; kohya's own trainer never does.
        (bool matched, modulePath) = loraName switch
        {
            "lora_unet_final_layer_linear" => (true, "final_layer.linear"),
            "lora_unet_final_layer_adaLN_modulation_1" => (true, "final_layer.adaLN_modulation.1"),
            _ => (false, ""),
        };
        if (matched)
        {
            return true;
        }
        modulePath = "";
        return false;
    }

    [GeneratedRegex(@"^lora_unet_double_blocks_(?<i>\d+)_(?<stream>img|txt)_(?<child>mod_lin|attn_qkv|attn_proj|mlp_0|mlp_2)$")]
    private static partial Regex DoubleBlock();

    [GeneratedRegex(@"^lora_unet_single_blocks_(?<j>\d+)_(?<child>linear1|linear2|modulation_lin)$")]
    private static partial Regex SingleBlock();

    [GeneratedRegex(@"^lora_unet_(?<name>img_in|txt_in|time_in_in_layer|time_in_out_layer|vector_in_in_layer|vector_in_out_layer|guidance_in_in_layer|guidance_in_out_layer)$")]
    private static partial Regex Embedder();
}
