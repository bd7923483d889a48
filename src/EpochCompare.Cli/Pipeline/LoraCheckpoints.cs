using System.Globalization;
using System.Text.Json;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Samples;

namespace EpochCompare.Cli.Pipeline;

/// <summary>A LoRA checkpoint file and the epoch or step it was saved at (null: unknown).</summary>
internal sealed record LoraCheckpoint(string Path, ColumnKind? Kind, int Value)
{
    /// <summary>The column name in sample file names: e25, step500 (what grid reads), else the file name.</summary>
    public string ColumnName => Kind switch
    {
        ColumnKind.Epoch => "e" + Value.ToString(CultureInfo.InvariantCulture),
        ColumnKind.Step => "step" + Value.ToString(CultureInfo.InvariantCulture),
        _ => string.Concat(System.IO.Path.GetFileNameWithoutExtension(Path).Select(c => char.IsLetterOrDigit(c) || c == '-' ? c : '-')),
    };
}

/// <summary>
/// The checkpoints a trainer leaves in its output folder, in training order: kohya's
/// <c>{name}-000025</c> and <c>{name}-step00000500</c>, ai-toolkit's <c>{name}_000000500</c>, and the last save
/// without a suffix (<c>{name}.safetensors</c>), whose epoch or step comes from its metadata: kohya's
/// <c>ss_epoch</c> / <c>ss_steps</c>, ai-toolkit's <c>training_info</c> <c>{"step","epoch"}</c>.
/// </summary>
internal static class LoraCheckpoints
{
    /// <summary>A file's epoch or step; <paramref name="preferred"/> picks which one a suffix-less last save reports.</summary>
    public static LoraCheckpoint Describe(string path, ColumnKind preferred = ColumnKind.Epoch)
    {
        CheckpointName name = CheckpointName.Parse(path);
        if (name.Kind is { } kind)
        {
            return new LoraCheckpoint(path, kind, name.Value);
        }
        IReadOnlyDictionary<string, string> metadata;
        try
        {
            using SafeTensorsFile file = SafeTensorsFile.Open(path);
            metadata = file.Metadata;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return new LoraCheckpoint(path, null, 0); // the LoRA reader reports what is wrong with it
        }
        int? epoch = Number(metadata, "ss_epoch") ?? TrainingInfo(metadata, "epoch");
        int? steps = Number(metadata, "ss_steps") ?? TrainingInfo(metadata, "step") ?? Number(metadata, "global_step");
        return (preferred == ColumnKind.Step ? steps : epoch) is int first ? new LoraCheckpoint(path, preferred, first)
            : (preferred == ColumnKind.Step ? epoch : steps) is int other ? new LoraCheckpoint(path, preferred == ColumnKind.Step ? ColumnKind.Epoch : ColumnKind.Step, other)
            : new LoraCheckpoint(path, null, 0);
    }

    /// <summary>
    /// Every <c>.safetensors</c> of a trainer's output folder, sorted by epoch (or by step when the files are
    /// step saves). Step saves beside epoch saves are left out with a note, as <c>grid</c> does.
    /// </summary>
    public static IReadOnlyList<LoraCheckpoint> InFolder(string directory, List<string> notes)
    {
        // Training states saved as files beside the LoRAs (ours: {name}-000005-state.safetensors) are not checkpoints to sample.
        string[] files = [.. Directory.EnumerateFiles(directory, "*.safetensors")
            .Where(f => !f.EndsWith("-state.safetensors", StringComparison.Ordinal)).Order(NaturalOrder.Instance)];
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"{directory}: no .safetensors LoRA checkpoints in this folder.");
        }
        CheckpointName[] names = [.. files.Select(CheckpointName.Parse)];
        string[] runs = [.. names.Select(n => n.BaseName).Distinct(StringComparer.Ordinal)];
        if (runs.Length > 1)
        {
            throw new UsageException($"{directory}: checkpoints of {runs.Length} runs ({string.Join(", ", runs.Take(4))}); give the files of one run with --lora.");
        }
        ColumnKind preferred = names.Any(n => n.Kind == ColumnKind.Epoch) || names.All(n => n.Kind is null) ? ColumnKind.Epoch : ColumnKind.Step;
        var all = files.Select(f => Describe(f, preferred)).ToList();
        if (all.FirstOrDefault(c => c.Kind is null) is { } unknown)
        {
            throw new InvalidDataException($"{unknown.Path}: neither its name nor its metadata (ss_epoch, ss_steps, training_info) tells its epoch or step.");
        }
        var chosen = all.Where(c => c.Kind == preferred).OrderBy(c => c.Value).ToList();
        if (chosen.Count < all.Count)
        {
            notes.Add($"{directory}: {all.Count - chosen.Count} step checkpoint(s) left out beside the epoch checkpoints.");
        }
        if (chosen.GroupBy(c => c.Value).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidDataException($"{directory}: {string.Join(" and ", twice.Select(c => System.IO.Path.GetFileName(c.Path)))} are both at {preferred.ToString().ToLowerInvariant()} {twice.Key}.");
        }
        return chosen;
    }

    private static int? Number(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out string? text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : null;

    private static int? TrainingInfo(IReadOnlyDictionary<string, string> metadata, string key)
    {
        if (!metadata.TryGetValue("training_info", out string? json))
        {
            return null;
        }
        try
        {
            using JsonDocument info = JsonDocument.Parse(json);
            return info.RootElement.ValueKind == JsonValueKind.Object && info.RootElement.TryGetProperty(key, out JsonElement v) && v.TryGetInt32(out int n) ? n : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
