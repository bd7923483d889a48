using System.Globalization;

namespace EpochCompare.Flux.Lora;

/// <summary>
/// The <c>ss_*</c> and ModelSpec metadata kohya writes, so UIs (ComfyUI, Forge, civitai) recognise our files as FLUX LoRAs.
/// </summary>
public static class KohyaLoraMetadata
{
    /// <summary>The minimum set every kohya FLUX LoRA carries, plus <paramref name="extra"/> (e.g. ss_epoch, ss_steps).</summary>
    public static Dictionary<string, string> Create(int rank, float alpha, bool guidanceEmbed, string title, IReadOnlyDictionary<string, string>? extra = null)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ss_v2"] = "False",
            ["ss_base_model_version"] = "flux1",
            ["ss_model_type"] = "flux",
            ["ss_network_module"] = "networks.lora_flux",
            ["ss_network_dim"] = rank.ToString(CultureInfo.InvariantCulture),
            ["ss_network_alpha"] = alpha.ToString("R", CultureInfo.InvariantCulture),
            ["ss_output_name"] = title,
            ["modelspec.sai_model_spec"] = "1.0.1",
            ["modelspec.architecture"] = guidanceEmbed ? "flux-1-dev/lora" : "flux-1-schnell/lora",
            ["modelspec.implementation"] = "https://github.com/black-forest-labs/flux",
            ["modelspec.title"] = title,
        };
        if (extra is not null)
        {
            foreach ((string key, string value) in extra)
            {
                metadata[key] = value;
            }
        }
        return metadata;
    }
}
