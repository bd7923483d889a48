using EpochCompare.Flux.SafeTensors;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Loading;

/// <summary>Copies a safetensors file's tensors into a module's parameters by checkpoint name.</summary>
public static class ModuleWeights
{
    /// <summary>Older transformers saved the <c>position_ids</c> arange buffers; current ones neither need nor load them.</summary>
    public static bool IsSkippedBuffer(string name) => name.EndsWith("embeddings.position_ids", StringComparison.Ordinal);

    public static Dictionary<string, long[]> ModuleShapes(nn.Module module) =>
        Tensors(module).ToDictionary(kv => kv.Key, kv => kv.Value.shape);

    /// <summary>
    /// The state dict with one name per tensor. A child registered by name can also appear under its
    /// C# field names (TorchSharp registers fields by reflection on first registration); the name
    /// without <c>_</c>-prefixed segments is the checkpoint's.
    /// </summary>
    public static Dictionary<string, Tensor> Tensors(nn.Module module) =>
        module.state_dict()
            .GroupBy(kv => kv.Value.Handle)
            .Select(g => g.OrderBy(kv => kv.Key.Split('.').Count(part => part.StartsWith('_'))).ThenBy(kv => kv.Key, StringComparer.Ordinal).First())
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>The file's tensors under <paramref name="prefix"/>, prefix stripped, with their shapes.</summary>
    public static Dictionary<string, long[]> FileShapes(SafeTensorsFile file, string prefix) =>
        file.Entries
            .Where(e => e.Name.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(e => e.Name[prefix.Length..], e => e.Shape.Select(d => (long)d).ToArray());

    public static KeyComparison Compare(nn.Module module, SafeTensorsFile file, string prefix) =>
        KeyComparison.Compare(ModuleShapes(module), FileShapes(file, prefix), IsSkippedBuffer);

    /// <summary>Loads every parameter or throws <see cref="SemanticWeightsException"/> naming what does not fit.</summary>
    public static void Load(nn.Module module, SafeTensorsFile file, string prefix, string role)
    {
        KeyComparison comparison = Compare(module, file, prefix);
        if (!comparison.IsExact)
        {
            throw new SemanticWeightsException($"{Path.GetFileName(file.Path)}: not a {role} checkpoint: {comparison.Describe()}.");
        }
        LoadMatching(module, file, prefix);
    }

    /// <summary>Loads the module's parameters the file holds (a tower of a bigger checkpoint); checks nothing.</summary>
    public static void LoadMatching(nn.Module module, SafeTensorsFile file, string prefix)
    {
        using var noGrad = no_grad();
        foreach ((string name, Tensor target) in Tensors(module))
        {
            SafeTensorEntry entry = file.GetEntry(prefix + name);
            if (!entry.DType.IsReadableAsFloat())
            {
                throw new SemanticWeightsException($"{Path.GetFileName(file.Path)}: tensor '{entry.Name}' has dtype {entry.DType.Name()}, not a float type.");
            }
            float[] values;
            try
            {
                values = file.ReadSingles(entry.Name);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                throw new SemanticWeightsException($"{Path.GetFileName(file.Path)}: {e.Message}", e);
            }
            using Tensor source = tensor(values, target.shape);
            target.copy_(source);
        }
    }
}
