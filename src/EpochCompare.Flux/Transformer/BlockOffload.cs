using System.Reflection;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>
/// Block-by-block offload for sampling (<c>sample --offload blocks</c>): the double and single blocks live on the CPU
/// (pinned when the device is CUDA, so the copies go by DMA) and each visits the device for its own forward, one at a
/// time: a forward pre-hook puts a device copy of every weight of that block in place, the forward hook puts the CPU
/// weights back and frees the copies. The weights are read-only here, so nothing is copied back. The embedders and
/// the final layer stay on the device. Device memory: the non-block weights plus one block (FLUX.1: a double block
/// is 340 M parameters, 0.68 GB in bf16, 0.34 GB in fp8) plus activations. A LoRA merged into a resting block changes
/// its CPU weights in place, which the next visit copies.
/// </summary>
public sealed class BlockOffload : IDisposable
{
    private readonly List<Block> _blocks;
    private readonly Device _device;

    private BlockOffload(List<Block> blocks, Device device)
    {
        _blocks = blocks;
        _device = device;
    }

    /// <summary>Blocks whose weights are on the device now (one during a block's forward, else none).</summary>
    public int Visiting => _blocks.Count(b => b.IsVisiting);

    /// <summary>Elements of the largest block: what one visit puts on the device.</summary>
    public long LargestBlockElements => _blocks.Max(b => b.Elements);

    /// <summary>Whether a state-dict key belongs to an offloaded block (load it to the CPU).</summary>
    public static bool IsBlockKey(string key) =>
        key.StartsWith("double_blocks.", StringComparison.Ordinal) || key.StartsWith("single_blocks.", StringComparison.Ordinal);

    /// <summary>
    /// Hooks every block of <paramref name="model"/> (its block weights on the CPU already, see <see cref="IsBlockKey"/>)
    /// to visit <paramref name="device"/>. On a CPU device the visits still copy, so the mechanism is the one a GPU runs.
    /// </summary>
    public static BlockOffload Attach(FluxTransformer model, Device device)
    {
        var blocks = new List<Block>();
        foreach ((string name, nn.Module module) in model.named_modules())
        {
            if (IsBlockKey(name + ".") && name.Count(c => c == '.') == 1)
            {
                blocks.Add(new Block(name, module, pin: device.type == DeviceType.CUDA));
            }
        }
        var offload = new BlockOffload(blocks, device);
        foreach (Block block in blocks)
        {
            switch (block.Module)
            {
                case DoubleStreamBlock d:
                    d.register_forward_pre_hook(_ => block.Visit(offload._device));
                    d.register_forward_hook(_ => block.Rest());
                    break;
                case SingleStreamBlock s:
                    s.register_forward_pre_hook(_ => block.Visit(offload._device));
                    s.register_forward_hook(_ => block.Rest());
                    break;
                default:
                    throw new InvalidOperationException($"{block.Name} is a {block.Module.GetType().Name}, not a FLUX block.");
            }
        }
        return offload;
    }

    public void Dispose()
    {
        foreach (Block block in _blocks)
        {
            block.Rest();
            block.Release();
        }
    }

    /// <summary>One block's weights: each with its owner's settable property, its CPU tensor (the block's own handle on that storage) and requires_grad.</summary>
    private sealed class Block
    {
        private readonly List<(nn.Module Owner, PropertyInfo Property, Tensor Home, bool RequiresGrad)> _weights = [];

        public Block(string name, nn.Module module, bool pin)
        {
            Name = name;
            Module = module;
            foreach ((string path, nn.Module owner) in module.named_modules())
            {
                foreach ((string parameterName, Parameter parameter) in owner.named_parameters(recurse: false))
                {
                    PropertyInfo property = owner.GetType()
                        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
                        .FirstOrDefault(p => string.Equals(p.Name, parameterName, StringComparison.OrdinalIgnoreCase) && p.CanWrite && p.PropertyType == typeof(Parameter))
                        ?? throw new InvalidOperationException($"{name}.{path}: {owner.GetType().Name} has no settable '{parameterName}' to offload.");
                    if (parameter.device_type != DeviceType.CPU)
                    {
                        throw new InvalidOperationException($"{name}.{path}.{parameterName} is on {parameter.device}; offloaded blocks load to the CPU.");
                    }
                    Tensor home;
                    if (pin)
                    {
                        using Tensor detached = parameter.detach();
                        home = detached.pin_memory().DetachFromDisposeScope();
                        Swap(owner, property, home.alias(), parameter.requires_grad);
                    }
                    else
                    {
                        home = parameter.detach().DetachFromDisposeScope(); // shares the parameter's storage
                    }
                    _weights.Add((owner, property, home, parameter.requires_grad));
                    Elements += home.numel();
                }
            }
        }

        public string Name { get; }

        public nn.Module Module { get; }

        public long Elements { get; }

        public bool IsVisiting { get; private set; }

        public void Visit(Device device)
        {
            if (IsVisiting)
            {
                return;
            }
            foreach ((nn.Module owner, PropertyInfo property, Tensor home, bool requiresGrad) in _weights)
            {
                Swap(owner, property, home.to(device, copy: true), requiresGrad);
            }
            IsVisiting = true;
        }

        public void Rest()
        {
            if (!IsVisiting)
            {
                return;
            }
            foreach ((nn.Module owner, PropertyInfo property, Tensor home, bool requiresGrad) in _weights)
            {
                Swap(owner, property, home.alias(), requiresGrad);
            }
            IsVisiting = false;
        }

        /// <summary>Drops the block's own handles; the resting weights keep their storage while the model lives.</summary>
        public void Release()
        {
            foreach ((_, _, Tensor home, _) in _weights)
            {
                home.Dispose();
            }
            _weights.Clear();
        }

        /// <summary>Puts <paramref name="value"/> in place and frees the weight it replaces (the device copy, or an alias of the home tensor).</summary>
        private static void Swap(nn.Module owner, PropertyInfo property, Tensor value, bool requiresGrad)
        {
            var replaced = (Parameter?)property.GetValue(owner);
            var next = new Parameter(value, requires_grad: requiresGrad);
            next.DetachFromDisposeScope();
            property.SetValue(owner, next);
            replaced?.Dispose();
        }
    }
}
