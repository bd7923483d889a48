using System.Text.Json;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Transformer;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Checkpoints;

/// <summary>
/// Tells what a weights file or folder is from its safetensors headers (ComfyUI-style, by keys): the
/// layout, the FLUX model its shapes make, and the keys that differ from that model's (built on the meta
/// device, so no weights are read). Formats we cannot read are named, not guessed at.
/// </summary>
public static class CheckpointInspector
{
    private static readonly string[] TransformerPrefixes = ["model.diffusion_model.", "diffusion_model.", "model."];
    private static readonly string[] Nf4Markers = [".absmax", ".quant_map", ".quant_state.bitsandbytes__nf4", ".nested_absmax"];
    private static readonly string[] BundlePrefixes = ["vae.", "text_encoders.", "text_encoder."];
    private const string BflMarker = "double_blocks.0.img_attn.norm.key_norm.scale";
    private const string DiffusersIndexName = "diffusion_pytorch_model.safetensors.index.json";

    public static CheckpointDescription Inspect(string path)
    {
        if (Directory.Exists(path))
        {
            return InspectDiffusersFolder(path, DiffusersShards(path));
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: file not found.", path);
        }
        if (path.EndsWith(".safetensors.index.json", StringComparison.OrdinalIgnoreCase))
        {
            return InspectDiffusersFolder(path, DiffusersShards(path)); // the index stands for its shard set
        }
        if (IsGguf(path))
        {
            return new CheckpointDescription(path, CheckpointLayout.Gguf)
            {
                Refusal = $"{path}: GGUF file (llama.cpp quantisation, as ComfyUI-GGUF and Forge use): not supported; use a .safetensors checkpoint (BF16, fp8 or fp8 scaled).",
            };
        }
        using SafeTensorsFile file = SafeTensorsFile.Open(path);
        if (file.Entries.Any(e => e.Name.StartsWith("transformer_blocks.", StringComparison.Ordinal) || e.Name.StartsWith("single_transformer_blocks.", StringComparison.Ordinal))
            && !LoraDetector.IsLora(file.Entries.ToList()) && DiffusersShards(path) is { Count: > 1 } shards)
        {
            return InspectDiffusersFolder(path, shards); // one shard of a sharded transformer: read it with its siblings
        }
        return Describe(path, file.Entries.ToList(), file.Metadata, key => ReadScalar(file, key));
    }

    /// <summary>The description from header data; <paramref name="readScalar"/> reads 0-dim tensors (LoRA alphas).</summary>
    public static CheckpointDescription Describe(string path, IReadOnlyList<SafeTensorEntry> entries, IReadOnlyDictionary<string, string> metadata, Func<string, double?> readScalar)
    {
        var names = new HashSet<string>(entries.Select(e => e.Name), StringComparer.Ordinal);
        var baseDescription = new CheckpointDescription(path, CheckpointLayout.Unknown) { DTypes = DTypeSummary(entries), TensorCount = entries.Count };
        if (metadata.ContainsKey("_quantization_metadata"))
        {
            return baseDescription with
            {
                Layout = CheckpointLayout.ComfyMixedQuant,
                Refusal = $"{path}: ComfyUI mixed-precision quantised checkpoint (_quantization_metadata, per-layer weight_scale): not supported yet; use a BF16 or fp8 (scaled) checkpoint.",
            };
        }
        if (names.FirstOrDefault(n => Nf4Markers.Any(m => n.EndsWith(m, StringComparison.Ordinal))) is { } nf4)
        {
            return baseDescription with
            {
                Layout = CheckpointLayout.BitsAndBytesNf4,
                Refusal = $"{path}: bitsandbytes NF4 checkpoint (Forge's flux1-dev-bnb-nf4; key {nf4}): not supported; use a BF16 or fp8 checkpoint.",
            };
        }
        if (LoraDetector.IsLora(entries))
        {
            return baseDescription with { Layout = CheckpointLayout.Lora, Lora = LoraDetector.Describe(entries, metadata, readScalar) };
        }
        var bundled = new List<string>();
        if (names.Any(n => n.StartsWith("vae.", StringComparison.Ordinal))) bundled.Add("vae");
        if (names.Any(n => n.StartsWith("text_encoders.clip_l.", StringComparison.Ordinal))) bundled.Add("clip_l");
        if (names.Any(n => n.StartsWith("text_encoders.t5xxl.", StringComparison.Ordinal))) bundled.Add("t5xxl");
        if (names.Any(n => n.StartsWith("text_encoder.", StringComparison.Ordinal))) bundled.Add("text_encoder (flux-tiny)");
        baseDescription = baseDescription with { Bundled = bundled };

        string? prefix = names.Contains(BflMarker) ? "" : TransformerPrefixes.FirstOrDefault(p => names.Contains(p + BflMarker));
        if (prefix is not null)
        {
            bool scaled = names.Contains(prefix + "scaled_fp8") || names.Contains("scaled_fp8");
            CheckpointLayout layout = scaled ? CheckpointLayout.ComfyScaledFp8 : prefix.Length == 0 ? CheckpointLayout.Bfl : CheckpointLayout.ComfyBundle;
            var shapes = new Dictionary<string, IReadOnlyList<long>>(StringComparer.Ordinal);
            foreach (SafeTensorEntry e in entries.Where(e => e.Name.StartsWith(prefix, StringComparison.Ordinal) && !BundlePrefixes.Any(b => e.Name.StartsWith(b, StringComparison.Ordinal))))
            {
                string key = e.Name[prefix.Length..];
                // Scaled fp8's per-layer scales and marker are read with their weights, not as weights.
                if (key != "scaled_fp8" && !key.EndsWith(".scale_weight", StringComparison.Ordinal) && !key.EndsWith(".scale_input", StringComparison.Ordinal))
                {
                    shapes[key] = e.Shape;
                }
            }
            return WithModel(baseDescription with { Layout = layout, Prefix = prefix.Length == 0 ? null : prefix }, shapes);
        }
        if (names.Contains(DiffusersKeyMap.MarkerKey))
        {
            return DescribeDiffusers(baseDescription, entries);
        }
        CheckpointLayout other =
            names.Contains("encoder.conv_in.weight") || names.Contains("decoder.conv_in.weight") ? CheckpointLayout.Autoencoder
            : names.Any(n => n.EndsWith("text_model.encoder.layers.0.self_attn.q_proj.weight", StringComparison.Ordinal)) ? CheckpointLayout.ClipL
            : names.Any(n => n.EndsWith("encoder.block.0.layer.0.SelfAttention.q.weight", StringComparison.Ordinal)) ? CheckpointLayout.T5Xxl
            : CheckpointLayout.Unknown;
        return baseDescription with { Layout = other };
    }

    /// <summary>The shards of a diffusers transformer: from the index json beside a shard or in a folder (or its transformer/).</summary>
    public static IReadOnlyList<string> DiffusersShards(string path)
    {
        string folder = DiffusersFolder(path);
        string index = Path.Combine(folder, DiffusersIndexName);
        if (File.Exists(index))
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(index));
            if (!document.RootElement.TryGetProperty("weight_map", out JsonElement map) || map.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{index}: no weight_map.");
            }
            return [.. map.EnumerateObject().Select(p => p.Value.GetString()).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(f => Path.Combine(folder, f))];
        }
        string single = Path.Combine(folder, "diffusion_pytorch_model.safetensors");
        if (File.Exists(single))
        {
            return [single];
        }
        if (Directory.Exists(path))
        {
            throw new InvalidDataException($"{path}: not a diffusers transformer folder (no {DiffusersIndexName} or diffusion_pytorch_model.safetensors).");
        }
        return [path];
    }

    /// <summary>The diffusers transformer's shard index for <paramref name="path"/> (folder, repository root, index or shard), when there is one.</summary>
    public static string? DiffusersIndex(string path)
    {
        string index = Path.Combine(DiffusersFolder(path), DiffusersIndexName);
        return File.Exists(index) ? index : null;
    }

    private static string DiffusersFolder(string path)
    {
        string folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Directory.Exists(Path.Combine(folder, "transformer")) && !File.Exists(Path.Combine(folder, DiffusersIndexName))
            ? Path.Combine(folder, "transformer")
            : folder;
    }

    private static CheckpointDescription InspectDiffusersFolder(string path, IReadOnlyList<string> shards)
    {
        var entries = new List<SafeTensorEntry>();
        if (DiffusersIndex(path) is { } index)
        {
            // The index names the shards and every key's shard: check them against each other before describing.
            List<SafeTensorsFile> files = SafeTensorShards.Open(index);
            entries.AddRange(files.SelectMany(f => f.Entries));
            files.ForEach(f => f.Dispose());
        }
        else
        {
            foreach (string shard in shards)
            {
                using SafeTensorsFile file = SafeTensorsFile.Open(shard);
                entries.AddRange(file.Entries);
            }
        }
        var description = new CheckpointDescription(path, CheckpointLayout.Unknown) { DTypes = DTypeSummary(entries), TensorCount = entries.Count };
        return DescribeDiffusers(description, entries);
    }

    private static CheckpointDescription DescribeDiffusers(CheckpointDescription description, IReadOnlyList<SafeTensorEntry> entries)
    {
        var byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        IReadOnlyList<BflKeySource> mapped = DiffusersKeyMap.Map(byName.Keys, out IReadOnlyList<string> unmapped);
        var shapes = new Dictionary<string, IReadOnlyList<long>>(StringComparer.Ordinal);
        foreach (BflKeySource source in mapped)
        {
            IReadOnlyList<long> first = byName[source.Parts[0]].Shape;
            shapes[source.BflKey] = [source.Parts.Sum(p => byName[p].Shape[0]), .. first.Skip(1)];
        }
        CheckpointDescription withModel = WithModel(description with { Layout = CheckpointLayout.Diffusers }, shapes);
        return withModel with { Unexpected = [.. unmapped.Select(u => $"{u} (no BFL key)"), .. withModel.Unexpected] };
    }

    /// <summary>Infers the model and lists the keys that differ from it (missing, unexpected, mis-shaped).</summary>
    private static CheckpointDescription WithModel(CheckpointDescription description, Dictionary<string, IReadOnlyList<long>> shapes)
    {
        if (FluxConfigInference.Infer(shapes) is not { } config)
        {
            return description with { Model = "unknown (img_in, txt_in, vector_in or final_layer missing)" };
        }
        using var model = new FluxTransformer(config, META);
        var expected = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape, StringComparer.Ordinal);
        var missing = expected.Keys.Where(k => !shapes.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var unexpected = new List<string>();
        foreach (var (key, shape) in shapes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!expected.TryGetValue(key, out long[]? want))
            {
                unexpected.Add(key);
            }
            else if (!want.SequenceEqual(shape))
            {
                unexpected.Add($"{key} (file [{string.Join(", ", shape)}], model [{string.Join(", ", want)}])");
            }
        }
        return description with { Model = FluxConfigInference.Name(config), Missing = missing, Unexpected = unexpected };
    }

    private static string DTypeSummary(IEnumerable<SafeTensorEntry> entries) =>
        string.Join(", ", entries.GroupBy(e => e.DType).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Name(), StringComparer.Ordinal)
            .Select(g => $"{g.Key.Name()} x{g.Count()}"));

    private static bool IsGguf(string path)
    {
        if (path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        using FileStream stream = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("GGUF"u8);
    }

    private static double? ReadScalar(SafeTensorsFile file, string key)
    {
        if (!file.TryGetEntry(key, out SafeTensorEntry entry) || entry.ElementCount != 1)
        {
            return null;
        }
        try
        {
            return entry.DType is SafeTensorDType.F64 or SafeTensorDType.I64 ? file.ReadDoubles(key)[0] : file.ReadSingles(key)[0];
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
