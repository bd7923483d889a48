using System.Globalization;

namespace EpochCompare.Training.Loop;

/// <summary>kohya's file names: <c>{name}-{epoch:06d}.safetensors</c> per saved epoch, <c>{name}.safetensors</c> at the end.</summary>
public sealed record CheckpointNames(string Directory, string OutputName)
{
    public string Epoch(int epoch) => Path.Combine(Directory, $"{OutputName}-{epoch.ToString("D6", CultureInfo.InvariantCulture)}.safetensors");

    /// <summary>Whether an epoch before the last writes <c>{name}-{epoch:06d}</c> (the last always writes <see cref="Final"/>).</summary>
    public static bool IsSavedEpoch(int epoch, int saveEveryNEpochs, int epochs) =>
        saveEveryNEpochs > 0 && epoch % saveEveryNEpochs == 0 && epoch < epochs;

    public string Final => Path.Combine(Directory, OutputName + ".safetensors");

    /// <summary>Resume state saved beside each epoch checkpoint: trainable weights, optimizer moments, step.</summary>
    public string State(int epoch) => Path.Combine(Directory, $"{OutputName}-{epoch.ToString("D6", CultureInfo.InvariantCulture)}-state.safetensors");

    public string LossLog => Path.Combine(Directory, OutputName + "-loss.csv");

    /// <summary>The newest resume state in the directory, by epoch, or null.</summary>
    public (int Epoch, string Path)? LatestState()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return null;
        }
        string prefix = OutputName + "-", suffix = "-state.safetensors";
        return System.IO.Directory.GetFiles(Directory, $"{OutputName}-*{suffix}")
            .Select(p => (Name: Path.GetFileName(p), Path: p))
            .Select(f => int.TryParse(f.Name.AsSpan(prefix.Length, f.Name.Length - prefix.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int e)
                ? (Epoch: e, f.Path) : (Epoch: -1, f.Path))
            .Where(f => f.Epoch >= 0)
            .OrderByDescending(f => f.Epoch)
            .Select(f => ((int, string)?)(f.Epoch, f.Path))
            .FirstOrDefault();
    }

    /// <summary>Checkpoints of this output name that already exist (a new run must not overwrite them).</summary>
    public IEnumerable<string> Existing() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, OutputName + "*.safetensors")
                .Where(p => Path.GetFileName(p) == OutputName + ".safetensors" || Path.GetFileName(p).StartsWith(OutputName + "-", StringComparison.Ordinal))
            : [];
}
