using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Weights;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Loading;

/// <summary>
/// CLIP and DINOv2 checkpoints into their modules through Flux's state-dict loading
/// (<see cref="ModuleWeights"/>), with the semantic encoders' one-line <see cref="SemanticWeightsException"/>.
/// </summary>
public static class SemanticWeights
{
    /// <summary>Older transformers saved the <c>position_ids</c> arange buffers; current ones neither need nor load them.</summary>
    public static bool IsSkippedBuffer(string key) => key.EndsWith("embeddings.position_ids", StringComparison.Ordinal);

    /// <summary>The file keys under <paramref name="prefix"/> (prefix removed) that are accepted and not loaded.</summary>
    public static IReadOnlyList<string> Skipped(SafeTensorsFile file, string prefix) =>
        [.. new TensorSource(file, prefix).Keys.Where(IsSkippedBuffer).Order(StringComparer.Ordinal)];

    /// <summary>Names and shapes only, reading no data (works on a model built on the meta device).</summary>
    public static StateDictReport Check(nn.Module module, SafeTensorsFile file, string prefix) =>
        ModuleWeights.Check(module, new TensorSource(file, prefix), IsSkippedBuffer);

    /// <summary>Checks every key first (nothing is read from a file that does not fit), then loads, or throws naming what does not fit.</summary>
    public static void Load(nn.Module module, SafeTensorsFile file, string prefix, string role)
    {
        string name = Path.GetFileName(file.Path);
        var source = new TensorSource(file, prefix);
        StateDictReport report = ModuleWeights.Check(module, source, IsSkippedBuffer);
        if (!report.IsExact)
        {
            throw new SemanticWeightsException($"{name}: not a {role} checkpoint: {report}.");
        }
        string? notFloat = source.Keys.Where(k => !IsSkippedBuffer(k)).FirstOrDefault(k => !source.Entry(k).DType.IsReadableAsFloat());
        if (notFloat is not null)
        {
            throw new SemanticWeightsException($"{name}: tensor '{prefix}{notFloat}' has dtype {source.Entry(notFloat).DType.Name()}, not a float type.");
        }
        try
        {
            ModuleWeights.Load(module, source, IsSkippedBuffer);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new SemanticWeightsException(e.Message.StartsWith(name, StringComparison.Ordinal) ? e.Message : $"{name}: {e.Message}", e);
        }
    }
}
