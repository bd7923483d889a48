using System.Text.Json;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Semantic.Loading;

public enum SemanticModelKind
{
    Clip,
    Dinov2,
}

/// <summary>
/// What a weights file holds, told from its keys (ComfyUI-style): the CLIP and DINOv2 anchor
/// tensors, and the prefix they sit under (none in Hugging Face <c>model.safetensors</c>,
/// <c>dinov2.</c> in a head model, <c>model.</c> in our fixtures).
/// </summary>
public sealed record SemanticCheckpoint(SemanticModelKind Kind, string Prefix)
{
    private const string ClipAnchor = "vision_model.embeddings.patch_embedding.weight";
    private const string Dinov2Anchor = "embeddings.patch_embeddings.projection.weight";

    public static SemanticCheckpoint? Detect(SafeTensorsFile file)
    {
        foreach (SafeTensorEntry entry in file.Entries)
        {
            if (entry.Name.EndsWith(ClipAnchor, StringComparison.Ordinal))
            {
                return new SemanticCheckpoint(SemanticModelKind.Clip, entry.Name[..^ClipAnchor.Length]);
            }
            if (entry.Name.EndsWith(Dinov2Anchor, StringComparison.Ordinal))
            {
                return new SemanticCheckpoint(SemanticModelKind.Dinov2, entry.Name[..^Dinov2Anchor.Length]);
            }
        }
        return null;
    }

    /// <summary>Opens <paramref name="path"/> and checks it is a <paramref name="wanted"/> checkpoint, or throws one line saying what it is.</summary>
    public static (SafeTensorsFile File, SemanticCheckpoint Checkpoint) Open(string path, SemanticModelKind wanted)
    {
        string name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new SemanticWeightsException($"{path}: no such file.");
        }
        SafeTensorsFile file;
        try
        {
            file = SafeTensorsFile.Open(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new SemanticWeightsException(e.Message, e);
        }
        SemanticCheckpoint? found = Detect(file);
        if (found?.Kind == wanted)
        {
            return (file, found);
        }
        file.Dispose();
        string what = found is null ? "neither a CLIP nor a DINOv2 checkpoint" : $"a {Describe(found.Kind)} checkpoint";
        throw new SemanticWeightsException($"{name}: expected a {Describe(wanted)} checkpoint, but the file is {what}.");
    }

    public static string Describe(SemanticModelKind kind) => kind == SemanticModelKind.Clip ? "CLIP (vision_model.*, text_model.*)" : "DINOv2 (embeddings.*, encoder.layer.*)";

    /// <summary>The layer count: one more than the highest <c>{stem}N.</c> index under the prefix.</summary>
    internal int CountLayers(SafeTensorsFile file, string stem)
    {
        string start = Prefix + stem;
        int highest = -1;
        foreach (SafeTensorEntry entry in file.Entries)
        {
            if (entry.Name.StartsWith(start, StringComparison.Ordinal))
            {
                string rest = entry.Name[start.Length..];
                int dot = rest.IndexOf('.');
                if (dot > 0 && int.TryParse(rest.AsSpan(0, dot), out int index))
                {
                    highest = Math.Max(highest, index);
                }
            }
        }
        return highest + 1;
    }

    internal IReadOnlyList<long> Shape(SafeTensorsFile file, string name) =>
        file.TryGetEntry(Prefix + name, out SafeTensorEntry entry)
            ? entry.Shape
            : throw new SemanticWeightsException($"{Path.GetFileName(file.Path)}: missing tensor '{Prefix + name}'.");

    /// <summary>
    /// Heads cannot be read from shapes; the file's own config (<c>__metadata__.config</c>) wins, else
    /// the 64-dim heads every released CLIP and DINOv2 model uses.
    /// </summary>
    internal static int Heads(SafeTensorsFile file, string? tower, int hidden)
    {
        if (file.Metadata.TryGetValue("config", out string? json))
        {
            using var doc = JsonDocument.Parse(json);
            JsonElement config = doc.RootElement;
            if (tower is not null && config.TryGetProperty(tower, out JsonElement sub))
            {
                config = sub;
            }
            if (config.TryGetProperty("num_attention_heads", out JsonElement heads))
            {
                return heads.GetInt32();
            }
        }
        return Math.Max(1, hidden / 64);
    }
}
