using System.Globalization;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Tensors;
using EpochCompare.Tensors.Optim;

namespace EpochCompare.Training.Loop;

/// <summary>
/// Everything a resumed run needs besides the settings: the trainable weights and the AdamW moments at full
/// precision, and the step. Random draws are derived from (seed, step), so no generator state is stored.
/// </summary>
public static class TrainingState
{
    private const string WeightPrefix = "weight.";
    private const string OptimizerPrefix = "optimizer.";

    public static void Save(string path, IReadOnlyList<Parameter> trainable, AdamW optimizer, long step, int epoch, string datasetHash, long totalSteps)
    {
        var tensors = new List<SafeTensorToWrite>();
        foreach (Parameter p in trainable)
        {
            tensors.Add(SafeTensorToWrite.F32(WeightPrefix + p.Name, p.Shape.ToArray().Select(d => (long)d).ToArray(), p.ToArray()));
        }
        foreach (var (name, values) in optimizer.ExportState())
        {
            tensors.Add(SafeTensorToWrite.F32(OptimizerPrefix + name, [values.Length], values));
        }
        var metadata = new Dictionary<string, string>
        {
            ["step"] = step.ToString(CultureInfo.InvariantCulture),
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["optimizer_steps"] = optimizer.StepCount.ToString(CultureInfo.InvariantCulture),
            ["dataset_sha256"] = datasetHash,
            ["total_steps"] = totalSteps.ToString(CultureInfo.InvariantCulture),
        };
        SafeTensorsWriter.Write(path, tensors, metadata, overwrite: true);
    }

    /// <summary>Restores weights and moments; returns (completed steps, epoch). Refuses a state from another dataset or plan.</summary>
    public static (long Step, int Epoch) Load(string path, IReadOnlyList<Parameter> trainable, AdamW optimizer, string datasetHash, long totalSteps)
    {
        using SafeTensorsFile file = SafeTensorsFile.Open(path);
        string Meta(string key) => file.Metadata.TryGetValue(key, out string? v) ? v : throw new InvalidDataException($"{path}: not a training state (no '{key}').");
        if (Meta("dataset_sha256") != datasetHash)
        {
            throw new InvalidDataException($"{path}: the dataset changed since this state was saved; resume needs the same images, captions and repeats.");
        }
        if (Meta("total_steps") != totalSteps.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidDataException($"{path}: saved for a run of {Meta("total_steps")} steps, this run has {totalSteps}; resume needs the same epochs and batch settings.");
        }
        foreach (Parameter p in trainable)
        {
            if (!file.TryGetEntry(WeightPrefix + p.Name, out SafeTensorEntry entry) || entry.Shape.Aggregate(1L, (a, d) => a * d) != p.Count)
            {
                throw new InvalidDataException($"{path}: has no matching weight for '{p.Name}'; was it saved with other model or LoRA settings?");
            }
            file.ReadSingles(entry, p.Span);
        }
        var moments = new Dictionary<string, float[]>();
        foreach (SafeTensorEntry entry in file.Entries.Where(e => e.Name.StartsWith(OptimizerPrefix, StringComparison.Ordinal)))
        {
            moments[entry.Name[OptimizerPrefix.Length..]] = file.ReadSingles(entry.Name);
        }
        optimizer.ImportState(moments, long.Parse(Meta("optimizer_steps"), CultureInfo.InvariantCulture));
        return (long.Parse(Meta("step"), CultureInfo.InvariantCulture), int.Parse(Meta("epoch"), CultureInfo.InvariantCulture));
    }
}
