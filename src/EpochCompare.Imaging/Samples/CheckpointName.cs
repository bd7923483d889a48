using System.Globalization;
using System.Text.RegularExpressions;
using EpochCompare.Imaging.Grids;

namespace EpochCompare.Imaging.Samples;

/// <summary>
/// The epoch or step a trainer wrote into a LoRA checkpoint's file name:
/// kohya <c>{name}-000025</c> (epoch) and <c>{name}-step00000500</c> (step), ai-toolkit
/// <c>{name}_000000500</c> (step), OneTrainer <c>{date}-save-{step}-{epoch}-{epoch_step}</c> (step).
/// A name without one (kohya's and ai-toolkit's last save, <c>{name}.safetensors</c>) has <see cref="Kind"/> null.
/// </summary>
public sealed partial record CheckpointName(string BaseName, ColumnKind? Kind, int Value)
{
    /// <summary>Parses a file name or path (folders and a .safetensors/.pt/.ckpt extension are dropped).</summary>
    public static CheckpointName Parse(string fileName)
    {
        string stem = fileName.Replace('\\', '/');
        stem = stem[(stem.LastIndexOf('/') + 1)..];
        foreach (string extension in (string[])[".safetensors", ".pt", ".ckpt", ".bin"])
        {
            if (stem.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                stem = stem[..^extension.Length];
                break;
            }
        }
        if (KohyaStep().Match(stem) is { Success: true } step)
        {
            return new CheckpointName(step.Groups["name"].Value, ColumnKind.Step, Number(step));
        }
        if (KohyaEpoch().Match(stem) is { Success: true } epoch)
        {
            return new CheckpointName(epoch.Groups["name"].Value, ColumnKind.Epoch, Number(epoch));
        }
        if (AiToolkitStep().Match(stem) is { Success: true } ait)
        {
            return new CheckpointName(ait.Groups["name"].Value, ColumnKind.Step, Number(ait));
        }
        if (OneTrainerSave().Match(stem) is { Success: true } ot)
        {
            return new CheckpointName("save", ColumnKind.Step, Number(ot));
        }
        return new CheckpointName(stem, null, 0);
    }

    private static int Number(Match m) =>
        int.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : int.MaxValue;

    [GeneratedRegex(@"^(?<name>.+)-step(?<n>\d{8})$", RegexOptions.CultureInvariant)]
    private static partial Regex KohyaStep();

    [GeneratedRegex(@"^(?<name>.+)-(?<n>\d{6})$", RegexOptions.CultureInvariant)]
    private static partial Regex KohyaEpoch();

    [GeneratedRegex(@"^(?<name>.+)_(?<n>\d{9})$", RegexOptions.CultureInvariant)]
    private static partial Regex AiToolkitStep();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}-save-(?<n>\d+)-\d+-\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex OneTrainerSave();
}
