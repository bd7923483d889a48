using EpochCompare.Flux.Model;
using EpochCompare.Flux.Modules;
using EpochCompare.Tensors.Kernels;

namespace EpochCompare.Flux.Lora;

/// <summary>Puts LoRAs on a <see cref="FluxModel"/>: as trainable side paths, or merged into the weights for sampling.</summary>
public static class FluxLora
{
    public static IReadOnlyDictionary<string, Linear> Linears(FluxModel model) =>
        model.Modules().OfType<Linear>().ToDictionary(l => l.Path, StringComparer.Ordinal);

    /// <summary>
    /// Freezes every base weight and attaches fresh adapters (up = 0, so the model's output is unchanged)
    /// to <paramref name="targets"/>. Returns the adapters; their Down/Up are the trainable parameters.
    /// </summary>
    public static IReadOnlyList<LoraAdapter> AttachForTraining(FluxModel model, IEnumerable<string> targets, int rank, float alpha, int seed)
    {
        if (rank <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), $"LoRA rank must be positive, got {rank}.");
        }
        Freeze(model);
        var linears = Linears(model);
        var random = new Random(seed);
        var adapters = new List<LoraAdapter>();
        foreach (string target in targets)
        {
            Linear linear = Find(linears, target);
            linear.Lora = LoraAdapter.CreateForTraining(target, linear.InFeatures, linear.OutFeatures, rank, alpha, random);
            adapters.Add(linear.Lora);
        }
        return adapters;
    }

    /// <summary>Attaches loaded LoRA weights as side paths (not merged) with the given strength.</summary>
    public static IReadOnlyList<LoraAdapter> Attach(FluxModel model, LoraWeights lora, float multiplier)
    {
        var linears = Linears(model);
        var adapters = new List<LoraAdapter>();
        foreach (LoraModuleWeights module in lora.Modules.Values)
        {
            Linear linear = Find(linears, module.ModulePath);
            CheckFits(linear, module);
            linear.Lora = LoraAdapter.FromWeights(module, multiplier);
            adapters.Add(linear.Lora);
        }
        return adapters;
    }

    /// <summary>Removes every side path.</summary>
    public static void Detach(FluxModel model)
    {
        foreach (Linear linear in model.Modules().OfType<Linear>())
        {
            linear.Lora = null;
        }
    }

    /// <summary>The attached adapters as file-ready weights (for saving an epoch).</summary>
    public static LoraWeights Export(FluxModel model, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(model.Modules().OfType<Linear>().Where(l => l.Lora is not null).Select(l => l.Lora!.ToWeights(l.Path)), metadata);

    /// <summary>
    /// W += multiplier * alpha/rank * up @ down for every module (float32), for fast sampling.
    /// Dispose the result to restore the exact base weights.
    /// </summary>
    public static MergedLora Merge(FluxModel model, LoraWeights lora, float multiplier)
    {
        var linears = Linears(model);
        var saved = new List<(Linear, float[])>();
        foreach (LoraModuleWeights module in lora.Modules.Values)
        {
            Linear linear = Find(linears, module.ModulePath);
            CheckFits(linear, module);
            Span<float> weight = linear.Weight.Value.Span;
            saved.Add((linear, weight.ToArray()));
            float s = multiplier * module.Scale;
            if (s != 0f)
            {
                Gemm.Sgemm(false, false, module.OutFeatures, module.InFeatures, module.Rank,
                    s, module.Up, module.Rank, module.Down, module.InFeatures, 1f, weight, module.InFeatures);
            }
        }
        return new MergedLora(saved);
    }

    public static void Freeze(FluxModel model)
    {
        foreach (ParameterSlot slot in model.Parameters())
        {
            slot.Value.RequiresGrad = false;
        }
    }

    private static Linear Find(IReadOnlyDictionary<string, Linear> linears, string path) =>
        linears.TryGetValue(path, out Linear? linear)
            ? linear
            : throw new ArgumentException($"LoRA target '{path}' is not a Linear of this model.");

    private static void CheckFits(Linear linear, LoraModuleWeights module)
    {
        if (linear.InFeatures != module.InFeatures || linear.OutFeatures != module.OutFeatures)
        {
            throw new ArgumentException($"LoRA module '{module.ModulePath}' is [{module.OutFeatures}, {module.InFeatures}] but the model's Linear is [{linear.OutFeatures}, {linear.InFeatures}].");
        }
    }
}
