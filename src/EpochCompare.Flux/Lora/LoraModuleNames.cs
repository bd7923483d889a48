using EpochCompare.Flux.Checkpoints;
using EpochCompare.Flux.Config;

namespace EpochCompare.Flux.Lora;

/// <summary>
/// Maps a LoRA module name of any family ComfyUI accepts (real-formats.md §2.2) onto the BFL Linear and rows it adapts:
/// kohya <c>lora_unet_&lt;bfl path with _&gt;</c>; OneTrainer legacy <c>lora_transformer_&lt;diffusers path with _&gt;</c>
/// and LyCORIS <c>lycoris_&lt;diffusers path with _&gt;</c>; dotted diffusers or BFL paths, bare or under
/// <c>transformer.</c>, <c>diffusion_model.</c>, <c>model.diffusion_model.</c>, <c>base_model.model.</c>.
/// </summary>
public sealed class LoraModuleNames
{
    public const string KohyaPrefix = KohyaLoraNames.Prefix;
    public const string OneTrainerPrefix = "lora_transformer_";
    public const string LycorisPrefix = "lycoris_";

    private readonly FluxParams _p;
    private readonly Dictionary<string, string> _diffusersByUnderscored;

    public LoraModuleNames(FluxParams p)
    {
        _p = p;
        _diffusersByUnderscored = DiffusersKeyMap.LinearModules(p.Depth, p.DepthSingleBlocks)
            .ToDictionary(m => m.Replace('.', '_'), m => m, StringComparer.Ordinal);
    }

    /// <summary>The target of <paramref name="module"/>; false when it names no Linear of this model.</summary>
    public bool TryMap(string module, out PeftLoraTarget target)
    {
        target = null!;
        string? dotted = module switch
        {
            _ when module.StartsWith(KohyaPrefix, StringComparison.Ordinal) =>
                KohyaLoraNames.TryGetModulePath(module, out string bfl) ? bfl : null,
            _ when module.StartsWith(OneTrainerPrefix, StringComparison.Ordinal) => Diffusers(module[OneTrainerPrefix.Length..]),
            _ when module.StartsWith(LycorisPrefix, StringComparison.Ordinal) => Diffusers(module[LycorisPrefix.Length..]),
            _ => module,
        };
        if (dotted is null || !PeftLoraNames.TryMap(dotted, _p, out target))
        {
            return false;
        }
        // The name maps, but the block must exist in this model (a LoRA for another depth or width is refused).
        return FluxLinearShapes.Of(target.ModulePath, _p) is not null;
    }

    /// <summary>The module name as PEFT's rank/alpha patterns see it: the path inside the transformer.</summary>
    public static string PatternName(string module) => PeftLoraNames.StripPrefixes(module);

    private string? Diffusers(string underscored) => _diffusersByUnderscored.GetValueOrDefault(underscored);
}
