using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Lora;

/// <summary>
/// kohya's merge_lora for one weight: W' = W + strength * (alpha / rank) * up @ down, computed in float64 and
/// stored in <c>dtype</c>. Rows a module's up leaves at zero (another row block's q/k/v) only round-trip.
/// </summary>
public static class LoraMerge
{
    /// <summary>The module that adapts checkpoint key <paramref name="key"/> (<c>&lt;module&gt;.weight</c>), if any.</summary>
    public static bool TryGetModule(LoraWeights lora, string key, out LoraModuleWeights module)
    {
        module = null!;
        return key.EndsWith(".weight", StringComparison.Ordinal) && lora.Modules.TryGetValue(key[..^".weight".Length], out module!);
    }

    public static Tensor Merge(Tensor weight, LoraModuleWeights module, double strength, ScalarType dtype)
    {
        if (weight.dim() != 2 || weight.shape[0] != module.OutFeatures || weight.shape[1] != module.InFeatures)
        {
            throw new ArgumentException($"LoRA module '{module.ModulePath}' is [{module.OutFeatures}, {module.InFeatures}] but the weight is [{string.Join(", ", weight.shape)}].");
        }
        using var scope = NewDisposeScope();
        Tensor up = torch.tensor(module.Up, [module.OutFeatures, module.Rank]).to_type(ScalarType.Float64);
        Tensor down = torch.tensor(module.Down, [module.Rank, module.InFeatures]).to_type(ScalarType.Float64);
        double factor = strength * module.Alpha / module.Rank;
        Tensor merged = weight.to_type(ScalarType.Float64) + up.matmul(down) * factor;
        return merged.to_type(dtype).MoveToOuterDisposeScope();
    }
}
