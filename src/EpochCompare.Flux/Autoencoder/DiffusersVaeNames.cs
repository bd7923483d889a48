using System.Text.RegularExpressions;

namespace EpochCompare.Flux.Autoencoder;

/// <summary>
/// Diffusers' <c>AutoencoderKL</c> names (<c>vae/diffusion_pytorch_model.safetensors</c>) mapped to BFL's
/// <c>ae.safetensors</c> names (the inverse of diffusers' <c>convert_ldm_vae_checkpoint</c>): resnets to
/// blocks, downsamplers/upsamplers to down/upsample, the mid attention's <c>group_norm, to_q/k/v, to_out.0</c>
/// to <c>norm, q/k/v, proj_out</c> (their weights are [C, C] there, 1x1 convs [C, C, 1, 1] here; the loader reshapes them),
/// and decoder <c>up_blocks.N</c> to <c>up.(levels-1-N)</c>. No quant_conv: FLUX's VAE has none.
/// </summary>
public static partial class DiffusersVaeNames
{
    public const string ProbeKey = "encoder.down_blocks.0.resnets.0.conv1.weight";

    /// <summary>The BFL name of a diffusers VAE key, or null for a key FLUX's autoencoder has no place for.</summary>
    public static string? ToBfl(string key, int levels)
    {
        Match m;
        if ((m = DownBlock().Match(key)).Success)
        {
            string rest = m.Groups[3].Value;
            return m.Groups[2].Value == "resnets"
                ? $"encoder.down.{m.Groups[1].Value}.block.{Resnet(rest)}"
                : $"encoder.down.{m.Groups[1].Value}.downsample.{rest[2..]}";
        }
        if ((m = UpBlock().Match(key)).Success)
        {
            int level = levels - 1 - int.Parse(m.Groups[1].Value);
            string rest = m.Groups[3].Value;
            return m.Groups[2].Value == "resnets"
                ? $"decoder.up.{level}.block.{Resnet(rest)}"
                : $"decoder.up.{level}.upsample.{rest[2..]}";
        }
        if ((m = MidResnet().Match(key)).Success)
        {
            return $"{m.Groups[1].Value}.mid.block_{int.Parse(m.Groups[2].Value) + 1}.{Resnet(m.Groups[3].Value)}";
        }
        if ((m = MidAttention().Match(key)).Success)
        {
            string part = m.Groups[2].Value switch
            {
                "group_norm" => "norm",
                "to_q" => "q",
                "to_k" => "k",
                "to_v" => "v",
                "to_out.0" => "proj_out",
                _ => "",
            };
            return part.Length == 0 ? null : $"{m.Groups[1].Value}.mid.attn_1.{part}.{m.Groups[3].Value}";
        }
        if ((m = Outer().Match(key)).Success)
        {
            string part = m.Groups[2].Value == "conv_norm_out" ? "norm_out" : m.Groups[2].Value;
            return $"{m.Groups[1].Value}.{part}.{m.Groups[3].Value}";
        }
        return null;
    }

    /// <summary>Norms and convs keep their names; the width-changing shortcut is <c>nin_shortcut</c> in BFL's.</summary>
    private static string Resnet(string rest) => rest.Replace("conv_shortcut", "nin_shortcut", StringComparison.Ordinal);

    [GeneratedRegex(@"^encoder\.down_blocks\.(\d+)\.(resnets|downsamplers)\.(.+)$")]
    private static partial Regex DownBlock();

    [GeneratedRegex(@"^decoder\.up_blocks\.(\d+)\.(resnets|upsamplers)\.(.+)$")]
    private static partial Regex UpBlock();

    [GeneratedRegex(@"^(encoder|decoder)\.mid_block\.resnets\.(\d+)\.(.+)$")]
    private static partial Regex MidResnet();

    [GeneratedRegex(@"^(encoder|decoder)\.mid_block\.attentions\.0\.(group_norm|to_q|to_k|to_v|to_out\.0)\.(weight|bias)$")]
    private static partial Regex MidAttention();

    [GeneratedRegex(@"^(encoder|decoder)\.(conv_in|conv_out|conv_norm_out)\.(weight|bias)$")]
    private static partial Regex Outer();
}
