using EpochCompare.Flux.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Lora;

/// <summary>
/// kohya's <c>LoRANetwork</c> for FLUX: one <see cref="LoRAModule"/> per targeted Linear, registered under its
/// kohya name, so <c>state_dict()</c> keys are the file's keys (<c>lora_unet_double_blocks_0_img_attn_qkv.lora_down.weight</c>, ...).
/// Apply hooks them beside the base Linears (training, or sampling one LoRA); Merge folds them into the base
/// weights and its disposal puts the exact base weights back (sampling many checkpoints off one loaded base).
/// </summary>
public sealed class LoRANetwork : nn.Module
{
    private readonly Dictionary<string, Linear> _targets;
    private readonly List<LoRAModule> _modules = [];

    private LoRANetwork(FluxTransformer model)
        : base(nameof(LoRANetwork))
    {
        _targets = Linears(model);
    }

    public IReadOnlyList<LoRAModule> Modules => _modules;

    /// <summary>Fresh modules (up = 0) for <paramref name="targets"/>, on the base's device; the base's own weights are frozen.</summary>
    public static LoRANetwork CreateForTraining(FluxTransformer model, IEnumerable<string> targets, int rank, float alpha, ScalarType dtype = ScalarType.Float32)
    {
        var network = new LoRANetwork(model);
        foreach (TorchSharp.Modules.Parameter parameter in model.parameters())
        {
            parameter.requires_grad = false;
        }
        foreach (string path in targets)
        {
            Linear linear = network.Find(path);
            network.Add(new LoRAModule(path, linear.in_features, linear.out_features, rank, alpha, linear.weight.device, dtype));
        }
        return network;
    }

    /// <summary>Modules holding loaded weights (from <see cref="LoraFile"/>), on the base's device.</summary>
    public static LoRANetwork FromWeights(FluxTransformer model, LoraWeights weights, float multiplier, ScalarType dtype = ScalarType.Float32)
    {
        var network = new LoRANetwork(model);
        foreach (LoraModuleWeights module in weights.Modules.Values)
        {
            network.Find(module.ModulePath); // refuses a module the model does not have
            // On the compute device even where the Linear rests on the CPU (block offload): the side path runs beside its forward.
            network.Add(LoRAModule.FromWeights(module, multiplier, model.Device, dtype));
        }
        return network;
    }

    /// <summary>The trainable parameters (every lora_down and lora_up).</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> TrainableParameters() => _modules.SelectMany(m => m.parameters());

    public float Multiplier
    {
        set
        {
            foreach (LoRAModule module in _modules)
            {
                module.Multiplier = value;
            }
        }
    }

    /// <summary>Hooks every module beside its Linear.</summary>
    public void Apply()
    {
        foreach (LoRAModule module in _modules)
        {
            module.ApplyTo(_targets[module.ModulePath]);
        }
    }

    /// <summary>Unhooks every module.</summary>
    public void Remove()
    {
        foreach (LoRAModule module in _modules)
        {
            module.Remove();
        }
    }

    /// <summary>False when a targeted base weight is held in fp8 (<see cref="Weights.Float8Linear"/>): use <see cref="Apply"/> there.</summary>
    public bool CanMerge => _modules.All(m => !Weights.Float8Linear.IsFloat8(_targets[m.ModulePath]));

    /// <summary>
    /// Folds every module into its base weight; dispose the result to restore the base weights bit for bit
    /// (their originals are kept on the CPU meanwhile, so a GPU holds one copy of the model).
    /// </summary>
    public IDisposable Merge()
    {
        var saved = new List<(Linear Linear, Tensor Original)>();
        using (no_grad())
        {
            foreach (LoRAModule module in _modules)
            {
                Linear linear = _targets[module.ModulePath];
                saved.Add((linear, linear.weight.detach().to(CPU, copy: true).DetachFromDisposeScope()));
                module.MergeInto(linear);
            }
        }
        return new MergedWeights(saved);
    }

    /// <summary>The file-ready weights (for <see cref="KohyaLoraFile.Write"/>).</summary>
    public LoraWeights ToWeights(IReadOnlyDictionary<string, string>? metadata = null) =>
        new(_modules.Select(m => m.ToWeights()), metadata);

    /// <summary>Every Linear of the model by BFL module path.</summary>
    public static Dictionary<string, Linear> Linears(FluxTransformer model) =>
        model.named_modules().Where(m => m.module is Linear).ToDictionary(m => m.name, m => (Linear)m.module, StringComparer.Ordinal);

    private void Add(LoRAModule module)
    {
        register_module(module.LoraName, module);
        _modules.Add(module);
    }

    private Linear Find(string path) =>
        _targets.TryGetValue(path, out Linear? linear)
            ? linear
            : throw new ArgumentException($"LoRA target '{path}' is not a Linear of this model.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Remove();
        }
        base.Dispose(disposing);
    }

    private sealed class MergedWeights(List<(Linear Linear, Tensor Original)> saved) : IDisposable
    {
        private List<(Linear Linear, Tensor Original)>? _saved = saved;

        public void Dispose()
        {
            if (_saved is null)
            {
                return;
            }
            using (no_grad())
            {
                foreach ((Linear linear, Tensor original) in _saved)
                {
                    linear.weight.copy_(original);
                    original.Dispose();
                }
            }
            _saved = null;
        }
    }
}
