using System.Globalization;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Weights;
using EpochCompare.Training.Optim;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace EpochCompare.Training.Loop;

/// <summary>
/// Everything a resumed run needs besides the settings: the trainable weights and the AdamW moments at full
/// precision, and the step. Random draws are derived from (seed, step), so no generator state is stored.
/// </summary>
public static class TrainingState
{
    private const string WeightPrefix = "weight.";
    private const string OptimizerPrefix = "optimizer.";

    public static void Save(string path, IReadOnlyList<(string Name, Parameter Parameter)> trainable, FusedAdamW optimizer, long step, int epoch, string datasetHash, long totalSteps)
    {
        var tensors = new List<SafeTensorToWrite>();
        foreach (var (name, p) in trainable)
        {
            tensors.Add(SafeTensorToWrite.F32(WeightPrefix + name, p.shape, SafeTensorTorch.ToSingles(p)));
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
    public static (long Step, int Epoch) Load(string path, IReadOnlyList<(string Name, Parameter Parameter)> trainable, FusedAdamW optimizer, string datasetHash, long totalSteps)
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
        using (no_grad())
        {
            foreach (var (name, p) in trainable)
            {
                if (!file.TryGetEntry(WeightPrefix + name, out SafeTensorEntry entry) || entry.ElementCount != p.numel())
                {
                    throw new InvalidDataException($"{path}: has no matching weight for '{name}'; was it saved with other model or LoRA settings?");
                }
                using Tensor stored = tensor(file.ReadSingles(entry.Name), p.shape);
                p.copy_(stored);
            }
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
