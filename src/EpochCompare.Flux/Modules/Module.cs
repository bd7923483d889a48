namespace EpochCompare.Flux.Modules;

/// <summary>
/// A piece of the network with named parameters and children, like torch.nn.Module. Each module knows its
/// full path (<c>double_blocks.0.img_attn</c>), so parameter keys match the checkpoint's exactly.
/// </summary>
public abstract class Module
{
    private readonly List<ParameterSlot> _parameters = [];
    private readonly List<Module> _children = [];

    protected Module(string path) => Path = path;

    /// <summary>Dotted path from the model root; empty for the root.</summary>
    public string Path { get; }

    /// <summary>Every parameter of this module and its children, in definition order.</summary>
    public IEnumerable<ParameterSlot> Parameters()
    {
        foreach (ParameterSlot slot in _parameters)
        {
            yield return slot;
        }
        foreach (Module child in _children)
        {
            foreach (ParameterSlot slot in child.Parameters())
            {
                yield return slot;
            }
        }
    }

    /// <summary>This module and all modules below it, depth first.</summary>
    public IEnumerable<Module> Modules()
    {
        yield return this;
        foreach (Module child in _children)
        {
            foreach (Module module in child.Modules())
            {
                yield return module;
            }
        }
    }

    protected string ChildPath(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    protected ParameterSlot Parameter(string name, params int[] shape)
    {
        var slot = new ParameterSlot(ChildPath(name), shape);
        _parameters.Add(slot);
        return slot;
    }

    protected T Child<T>(T module) where T : Module
    {
        _children.Add(module);
        return module;
    }
}
