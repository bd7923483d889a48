namespace EpochCompare.Flux.Lora;

/// <summary>A whole LoRA as read from or written to a file: modules by path, plus the file's metadata.</summary>
public sealed class LoraWeights
{
    public LoraWeights(IEnumerable<LoraModuleWeights> modules, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var byPath = new SortedDictionary<string, LoraModuleWeights>(StringComparer.Ordinal);
        foreach (LoraModuleWeights module in modules)
        {
            if (!byPath.TryAdd(module.ModulePath, module))
            {
                throw new ArgumentException($"LoRA module '{module.ModulePath}' appears twice.");
            }
        }
        Modules = byPath;
        Metadata = metadata ?? new Dictionary<string, string>();
    }

    public IReadOnlyDictionary<string, LoraModuleWeights> Modules { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }
}
