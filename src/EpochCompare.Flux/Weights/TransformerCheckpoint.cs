using System.Text.Json;
using EpochCompare.Flux.Checkpoints;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.SafeTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Weights;

/// <summary>
/// The FLUX transformer in whatever a user has, under BFL keys (real-formats.md §1): a BFL file; a ComfyUI/Forge
/// all-in-one under <c>model.diffusion_model.</c> (its VAE and text encoders kept apart as <see cref="Others"/>);
/// fp8 (e4m3fn or e5m2) and ComfyUI scaled fp8 (weight x <c>scale_weight</c>; <c>scaled_fp8</c> marker and
/// <c>scale_input</c> consumed); a diffusers <c>transformer/</c> folder, its index json or one shard with its
/// siblings (renamed, q/k/v concatenated, norm_out halves swapped). GGUF, NF4 and ComfyUI mixed quantisation are
/// refused by name. Tensors are read one at a time on request: upcast to a float dtype (<see cref="Read"/>) or, for
/// fp8 weights kept as fp8 on the device, as their bytes (<see cref="TryReadFloat8"/>).
/// </summary>
public sealed class TransformerCheckpoint : IDisposable
{
    /// <summary>Metadata key of our own base files' config JSON (the shapes do not say the rotary split).</summary>
    public const string ConfigKey = "config";

    private static readonly string[] BundlePrefixes = ["vae.", "text_encoders.", "text_encoder."];

    private readonly List<SafeTensorsFile> _files;
    private readonly Dictionary<string, KeySource> _byKey;

    private TransformerCheckpoint(string name, CheckpointDescription description, List<SafeTensorsFile> files, Dictionary<string, KeySource> byKey,
        IReadOnlyList<(SafeTensorsFile File, SafeTensorEntry Entry)> others, FluxParams config, IReadOnlyDictionary<string, string> metadata)
    {
        Name = name;
        Description = description;
        Layout = description.Layout;
        _files = files;
        _byKey = byKey;
        OtherTensors = others;
        Params = config;
        Metadata = metadata;
        Keys = [.. byKey.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>The file or folder name, for messages.</summary>
    public string Name { get; }

    public CheckpointLayout Layout { get; }

    /// <summary>What the inspector found (layout, dtypes with counts, bundled parts).</summary>
    public CheckpointDescription Description { get; }

    /// <summary>Whether any weight is stored in fp8 (kept so on the device by <see cref="Float8Mode.Keep"/>).</summary>
    public bool IsFloat8 => _byKey.Values.Any(s => s.Parts.Any(p => TensorSource.IsFloat8(p.Entry.DType)));

    /// <summary>The transformer config: the file's own (<see cref="ConfigKey"/>), else inferred from the shapes.</summary>
    public FluxParams Params { get; }

    /// <summary>The BFL keys, ordinal order.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The metadata of the (first) file.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Tensors of the same single file that are not the transformer's (bundled VAE / text encoders), under their own names.</summary>
    public IReadOnlyList<SafeTensorEntry> Others => [.. OtherTensors.Select(o => o.Entry)];

    private IReadOnlyList<(SafeTensorsFile File, SafeTensorEntry Entry)> OtherTensors { get; }

    public bool Contains(string key) => _byKey.ContainsKey(key);

    public IReadOnlyList<long> Shape(string key) => Lookup(key).Shape;

    /// <summary>The dtype the weight is stored in (of its first part; fp8 for fp8 files).</summary>
    public SafeTensorDType StoredDType(string key) => Lookup(key).Parts[0].Entry.DType;

    public static TransformerCheckpoint Open(string path)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        CheckpointDescription description = CheckpointInspector.Inspect(path);
        if (description.Refusal is { } refusal)
        {
            throw new InvalidDataException(refusal);
        }
        return description.Layout switch
        {
            CheckpointLayout.Bfl or CheckpointLayout.ComfyBundle or CheckpointLayout.ComfyScaledFp8 => OpenSingle(path, name, description),
            CheckpointLayout.Diffusers => OpenDiffusers(path, name, description),
            CheckpointLayout.Lora => throw new InvalidDataException($"{name}: is a LoRA, not a base checkpoint."),
            _ => throw new InvalidDataException($"{name}: not a FLUX transformer checkpoint (it looks like: {description.LayoutName})."),
        };
    }

    /// <summary>
    /// The weight as a CPU tensor of <paramref name="dtype"/>: fp8 decoded and times its <c>scale_weight</c>
    /// (in float32, as ComfyUI's scaled_fp8 ops do before casting), diffusers parts concatenated.
    /// </summary>
    public Tensor Read(string key, ScalarType dtype)
    {
        KeySource source = Lookup(key);
        using var scope = NewDisposeScope();
        var parts = source.Parts.Select(p => ReadPart(p.File, p.Entry, source.Scale)).ToList();
        Tensor value = parts.Count == 1 ? parts[0] : torch.cat(parts, 0);
        if (source.SwapHalves)
        {
            Tensor[] halves = value.chunk(2, 0);
            value = torch.cat([halves[1], halves[0]], 0);
        }
        return value.to_type(dtype).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A weight stored as fp8 in one part, as its bytes (uint8, CPU), with its format and <c>scale_weight</c> (1 when
    /// none); false for any other weight (16/32-bit, or fp8 parts a diffusers key concatenates: read those with <see cref="Read"/>).
    /// </summary>
    public bool TryReadFloat8(string key, out Tensor bytes, out SafeTensorDType format, out double scale)
    {
        KeySource source = Lookup(key);
        (SafeTensorsFile file, SafeTensorEntry entry) = source.Parts[0];
        if (source.Parts.Count != 1 || source.SwapHalves || !TensorSource.IsFloat8(entry.DType))
        {
            (bytes, format, scale) = (null!, default, 1.0);
            return false;
        }
        bytes = torch.empty([.. entry.Shape], ScalarType.Byte);
        if (entry.ByteCount > 0)
        {
            file.ReadRaw(entry, bytes.bytes);
        }
        format = entry.DType;
        scale = source.Scale is null ? 1.0 : file.ReadSingles(source.Scale.Name)[0];
        return true;
    }

    /// <summary>The dtype a weight has when no dtype is asked: as stored, fp8 upcast to float32.</summary>
    public ScalarType StoredFloatDType(string key)
    {
        SafeTensorDType stored = StoredDType(key);
        return TensorSource.IsFloat8(stored) ? ScalarType.Float32 : SafeTensorTorch.ToScalarType(stored) ?? ScalarType.Float32;
    }

    /// <summary>An <see cref="Others"/> tensor's bytes as stored.</summary>
    public byte[] ReadOtherRaw(SafeTensorEntry entry)
    {
        (SafeTensorsFile file, _) = OtherTensors.First(o => ReferenceEquals(o.Entry, entry));
        return file.ReadRaw(entry.Name);
    }

    public void Dispose()
    {
        foreach (SafeTensorsFile file in _files)
        {
            file.Dispose();
        }
    }

    private static Tensor ReadPart(SafeTensorsFile file, SafeTensorEntry entry, SafeTensorEntry? scale)
    {
        Tensor value;
        if (TensorSource.IsFloat8(entry.DType))
        {
            using Tensor bytes = torch.empty([.. entry.Shape], ScalarType.Byte);
            if (entry.ByteCount > 0)
            {
                file.ReadRaw(entry, bytes.bytes);
            }
            value = Float8Weights.Upcast(bytes, entry.DType, ScalarType.Float32);
        }
        else if (SafeTensorTorch.ToScalarType(entry.DType) is { } stored && torch.is_floating_point(torch.empty(0, stored)))
        {
            value = SafeTensorTorch.Read(file, entry);
        }
        else
        {
            throw new InvalidDataException($"{Path.GetFileName(file.Path)}: tensor '{entry.Name}' has dtype {entry.DType.Name()}, not a float weight.");
        }
        if (scale is not null)
        {
            float factor = file.ReadSingles(scale.Name)[0];
            value = value.to_type(ScalarType.Float32) * factor;
        }
        return value;
    }

    private static TransformerCheckpoint OpenSingle(string path, string name, CheckpointDescription description)
    {
        SafeTensorsFile file = SafeTensorsFile.Open(path);
        try
        {
            string prefix = description.Prefix ?? "";
            var byKey = new Dictionary<string, KeySource>(StringComparer.Ordinal);
            var others = new List<(SafeTensorsFile, SafeTensorEntry)>();
            foreach (SafeTensorEntry entry in file.Entries)
            {
                bool transformer = entry.Name.StartsWith(prefix, StringComparison.Ordinal)
                    && !BundlePrefixes.Any(b => entry.Name.StartsWith(b, StringComparison.Ordinal));
                string key = transformer ? entry.Name[prefix.Length..] : entry.Name;
                if (key == "scaled_fp8" || key.EndsWith(".scale_weight", StringComparison.Ordinal) || key.EndsWith(".scale_input", StringComparison.Ordinal))
                {
                    continue; // read with the weights they scale
                }
                if (!transformer)
                {
                    others.Add((file, entry));
                    continue;
                }
                string scaleName = key.EndsWith(".weight", StringComparison.Ordinal) ? $"{prefix}{key[..^".weight".Length]}.scale_weight" : "";
                SafeTensorEntry? scale = file.TryGetEntry(scaleName, out SafeTensorEntry found) ? found : null;
                if (scale is not null && scale.ElementCount != 1)
                {
                    throw new InvalidDataException($"{name}: '{scale.Name}' has shape {scale.ShapeText}, expected a scalar scale.");
                }
                byKey[key] = new KeySource([(file, entry)], entry.Shape, scale);
            }
            FluxParams config = Config(name, byKey, file.Metadata, axes: null);
            return new TransformerCheckpoint(name, description, [file], byKey, others, config, file.Metadata);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static TransformerCheckpoint OpenDiffusers(string path, string name, CheckpointDescription description)
    {
        IReadOnlyList<string> shards = CheckpointInspector.DiffusersShards(path);
        string? index = CheckpointInspector.DiffusersIndex(path);
        var files = new List<SafeTensorsFile>();
        try
        {
            if (index is not null)
            {
                files.AddRange(SafeTensorShards.Open(index)); // index and shard headers agree key for key
            }
            else
            {
                files.AddRange(shards.Select(SafeTensorsFile.Open));
            }
            var entries = new Dictionary<string, (SafeTensorsFile File, SafeTensorEntry Entry)>(StringComparer.Ordinal);
            foreach (SafeTensorsFile file in files)
            {
                foreach (SafeTensorEntry entry in file.Entries)
                {
                    entries[entry.Name] = (file, entry);
                }
            }
            IReadOnlyList<BflKeySource> mapped = DiffusersKeyMap.Map(entries.Keys, out IReadOnlyList<string> unmapped);
            if (unmapped.Count > 0)
            {
                throw new InvalidDataException($"{name}: diffusers keys with no BFL counterpart (or a fused key missing parts): {string.Join(", ", unmapped.Take(5))}{(unmapped.Count > 5 ? $" and {unmapped.Count - 5} more" : "")}.");
            }
            var byKey = new Dictionary<string, KeySource>(StringComparer.Ordinal);
            foreach (BflKeySource source in mapped)
            {
                var parts = source.Parts.Select(p => entries[p]).ToList();
                IReadOnlyList<long> first = parts[0].Entry.Shape;
                if (parts.Any(p => p.Entry.Shape.Count != first.Count || !p.Entry.Shape.Skip(1).SequenceEqual(first.Skip(1))))
                {
                    throw new InvalidDataException($"{name}: the parts of '{source.BflKey}' ({string.Join(", ", source.Parts)}) do not concatenate: {string.Join(" ", parts.Select(p => p.Entry.ShapeText))}.");
                }
                IReadOnlyList<long> shape = [parts.Sum(p => p.Entry.Shape[0]), .. first.Skip(1)];
                byKey[source.BflKey] = new KeySource(parts, shape, null, source.SwapHalves);
            }
            string folder = Path.GetDirectoryName(Path.GetFullPath(shards[0]))!;
            FluxParams config = Config(name, byKey, files[0].Metadata, DiffusersAxes(Path.Combine(folder, "config.json")));
            return new TransformerCheckpoint(name, description, files, byKey, [], config, files[0].Metadata);
        }
        catch
        {
            files.ForEach(f => f.Dispose());
            throw;
        }
    }

    private static FluxParams Config(string name, Dictionary<string, KeySource> byKey, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<int>? axes)
    {
        if (metadata.TryGetValue(ConfigKey, out string? json))
        {
            return FluxParamsJson.Parse(json, name);
        }
        var shapes = byKey.ToDictionary(kv => kv.Key, kv => kv.Value.Shape, StringComparer.Ordinal);
        FluxParams inferred = FluxConfigInference.Infer(shapes)
            ?? throw new InvalidDataException($"{name}: not a whole FLUX transformer (img_in, txt_in, vector_in, final_layer or the first double block is missing).");
        return axes is null ? inferred : inferred with { AxesDim = axes };
    }

    /// <summary>diffusers' <c>axes_dims_rope</c> from the transformer's config.json, when it is there.</summary>
    private static IReadOnlyList<int>? DiffusersAxes(string configPath)
    {
        if (!File.Exists(configPath))
        {
            return null;
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(configPath));
            return document.RootElement.TryGetProperty("axes_dims_rope", out JsonElement axes) && axes.ValueKind == JsonValueKind.Array
                ? [.. axes.EnumerateArray().Select(a => a.GetInt32())]
                : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{configPath}: not a valid diffusers config.json ({ex.Message.Split('\n')[0]}).");
        }
    }

    private KeySource Lookup(string key) =>
        _byKey.TryGetValue(key, out KeySource? source) ? source : throw new KeyNotFoundException($"{Name}: no transformer weight '{key}'.");

    private sealed record KeySource(IReadOnlyList<(SafeTensorsFile File, SafeTensorEntry Entry)> Parts, IReadOnlyList<long> Shape, SafeTensorEntry? Scale, bool SwapHalves = false);
}
