using System.Text.Json;
using EpochCompare.Flux.Checkpoints;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Lora;

/// <summary>
/// Reads a FLUX LoRA of any producer onto BFL module names (real-formats.md §2): kohya (fused, split_qkv,
/// final_layer), ai-toolkit / PEFT / diffusers, SimpleTuner, OneTrainer (legacy, diffusers, kohya, COMFY,
/// ORIGINAL) and whatever else ComfyUI's key families and suffixes cover. Scale per module, as ComfyUI applies
/// it: alpha / rank where the file has <c>.alpha</c>; else the PEFT adapter metadata's; else 1. LyCORIS LoHa is
/// read as its exact low-rank equivalent (<see cref="LohaBlock"/>). Text-encoder modules are listed and skipped.
/// LoKr, GLoRA, OFT, full diffs and DoRA are refused by name: a plain merge of them would be silently wrong.
/// Every other key must be understood, or the file is refused.
/// </summary>
public static class LoraFile
{
    public static LoraWeights Read(string path, FluxParams p) => Read(path, p, out _);

    /// <param name="skippedKeys">The text-encoder keys, which the transformer does not use.</param>
    public static LoraWeights Read(string path, FluxParams p, out IReadOnlyList<string> skippedKeys)
    {
        using SafeTensorsFile file = SafeTensorsFile.Open(path);
        return Read(file, p, out skippedKeys);
    }

    public static LoraWeights Read(SafeTensorsFile file, FluxParams p, out IReadOnlyList<string> skippedKeys)
    {
        string fileName = Path.GetFileName(file.Path);
        RefuseOtherAlgorithms(file, fileName);
        PeftAdapterConfig? peft = PeftAdapterConfig.Read(file.Metadata, fileName);
        if (peft?.UseDora == true)
        {
            throw new InvalidDataException($"{fileName}: DoRA LoRA (use_dora in {PeftAdapterConfig.MetadataKey}): not supported; a plain merge would be wrong.");
        }
        bool splitQkv = IsSplitQkv(file.Metadata);

        var skipped = new List<string>();
        var groups = new SortedDictionary<string, Dictionary<LoraKeyRole, SafeTensorEntry>>(StringComparer.Ordinal);
        foreach (SafeTensorEntry entry in file.Entries)
        {
            if (LoraKeys.IsTextEncoder(entry.Name))
            {
                skipped.Add(entry.Name);
                continue;
            }
            if (!LoraKeys.TrySplit(entry.Name, out string module, out LoraKeyRole role))
            {
                throw new InvalidDataException($"{fileName}: key '{entry.Name}' is {LoraKeys.Unsupported(entry.Name)}.");
            }
            if (!groups.TryGetValue(module, out var group))
            {
                groups[module] = group = [];
            }
            if (!group.TryAdd(role, entry))
            {
                throw new InvalidDataException($"{fileName}: LoRA module '{module}' has two {role} tensors ('{group[role].Name}', '{entry.Name}').");
            }
        }

        var names = new LoraModuleNames(p);
        var blocks = new SortedDictionary<string, List<LoraRowBlock>>(StringComparer.Ordinal);
        foreach ((string module, var group) in groups)
        {
            if (!names.TryMap(module, out PeftLoraTarget target))
            {
                throw new InvalidDataException($"{fileName}: LoRA module '{module}' does not name a Linear of this FLUX model ({FluxConfigInference.Name(p)}).");
            }
            LoraRowBlock block = ReadBlock(file, fileName, module, group, target, p, peft, splitQkv);
            if (!blocks.TryGetValue(target.ModulePath, out var list))
            {
                blocks[target.ModulePath] = list = [];
            }
            list.Add(block);
        }

        var modules = blocks.Select(kv =>
        {
            (int inFeatures, int outFeatures) = FluxLinearShapes.Of(kv.Key, p)!.Value;
            return LoraRowBlocks.Fuse(kv.Key, inFeatures, outFeatures, kv.Value);
        }).ToList();
        if (modules.Count == 0)
        {
            throw new InvalidDataException($"{fileName}: no FLUX transformer LoRA modules found{(skipped.Count > 0 ? $" (only {skipped.Count} text-encoder keys)" : "")}.");
        }
        skippedKeys = skipped;
        return new LoraWeights(modules, file.Metadata);
    }

    private static LoraRowBlock ReadBlock(SafeTensorsFile file, string fileName, string module, Dictionary<LoraKeyRole, SafeTensorEntry> group,
        PeftLoraTarget target, FluxParams p, PeftAdapterConfig? peft, bool splitQkv)
    {
        if (group.ContainsKey(LoraKeyRole.HadaW1A))
        {
            return ReadLoha(file, fileName, module, group, target, p);
        }
        if (!group.TryGetValue(LoraKeyRole.Down, out SafeTensorEntry? down) || !group.TryGetValue(LoraKeyRole.Up, out SafeTensorEntry? up))
        {
            throw new InvalidDataException($"{fileName}: LoRA module '{module}' lacks its down (lora_down / lora_A) or up (lora_up / lora_B) weight.");
        }
        int inFeatures = FluxLinearShapes.Of(target.ModulePath, p)!.Value.In;
        int rank = down.Shape.Count == 2 ? (int)down.Shape[0] : -1;
        if (rank <= 0 || down.Shape[1] != inFeatures || up.Shape.Count != 2 || up.Shape[0] != target.RowCount || up.Shape[1] != rank)
        {
            throw new InvalidDataException($"{fileName}: LoRA module '{module}' has down {down.ShapeText} and up {up.ShapeText}; its target '{target.ModulePath}' takes [r, {inFeatures}] and [{target.RowCount}, r].");
        }

        double scale;
        if (group.TryGetValue(LoraKeyRole.Alpha, out SafeTensorEntry? alphaEntry))
        {
            if (alphaEntry.ElementCount != 1)
            {
                throw new InvalidDataException($"{fileName}: LoRA alpha '{alphaEntry.Name}' has shape {alphaEntry.ShapeText}, expected a scalar.");
            }
            double alpha = file.ReadDoubles(alphaEntry.Name)[0];
            scale = alpha / TrainedRank(fileName, module, target, rank, splitQkv);
        }
        else
        {
            scale = peft?.Scale(LoraModuleNames.PatternName(module), rank, fileName) ?? 1.0;
        }
        return new LoraRowBlock(module, target, rank, scale, file.ReadSingles(down.Name), file.ReadSingles(up.Name));
    }

    private static LoraRowBlock ReadLoha(SafeTensorsFile file, string fileName, string module, Dictionary<LoraKeyRole, SafeTensorEntry> group, PeftLoraTarget target, FluxParams p)
    {
        LoraKeyRole[] roles = [LoraKeyRole.HadaW1A, LoraKeyRole.HadaW1B, LoraKeyRole.HadaW2A, LoraKeyRole.HadaW2B];
        if (roles.Any(r => !group.ContainsKey(r)) || group.ContainsKey(LoraKeyRole.Down) || group.ContainsKey(LoraKeyRole.Up))
        {
            throw new InvalidDataException($"{fileName}: LoHa module '{module}' needs exactly hada_w1_a, hada_w1_b, hada_w2_a and hada_w2_b.");
        }
        SafeTensorEntry w1a = group[LoraKeyRole.HadaW1A], w1b = group[LoraKeyRole.HadaW1B], w2a = group[LoraKeyRole.HadaW2A], w2b = group[LoraKeyRole.HadaW2B];
        int inFeatures = FluxLinearShapes.Of(target.ModulePath, p)!.Value.In;
        bool Fits(SafeTensorEntry a, SafeTensorEntry b) =>
            a.Shape.Count == 2 && b.Shape.Count == 2 && a.Shape[0] == target.RowCount && a.Shape[1] == b.Shape[0] && b.Shape[1] == inFeatures && a.Shape[1] > 0;
        if (!Fits(w1a, w1b) || !Fits(w2a, w2b))
        {
            throw new InvalidDataException($"{fileName}: LoHa module '{module}' has w1 {w1a.ShapeText} @ {w1b.ShapeText} and w2 {w2a.ShapeText} @ {w2b.ShapeText}; its target '{target.ModulePath}' takes [{target.RowCount}, r] @ [r, {inFeatures}].");
        }
        int r1 = (int)w1b.Shape[0], r2 = (int)w2b.Shape[0];
        // ComfyUI: alpha / w1_b.shape[0] when the file has an alpha, else 1.
        double scale = group.TryGetValue(LoraKeyRole.Alpha, out SafeTensorEntry? alpha) ? file.ReadDoubles(alpha.Name)[0] / r1 : 1.0;
        (float[] down, float[] up, int rank) = LohaBlock.ToLowRank(
            file.ReadSingles(w1a.Name), file.ReadSingles(w1b.Name), file.ReadSingles(w2a.Name), file.ReadSingles(w2b.Name), target.RowCount, r1, r2, inFeatures);
        return new LoraRowBlock(module, target, rank, scale, down, up);
    }

    /// <summary>
    /// The rank alpha was trained against. kohya's <c>split_qkv</c> saves each fused qkv / linear1 pair as
    /// n = 3 / 4 rank-r parts side by side (down [n r, in], up block-diagonal) with alpha unchanged; training
    /// scaled each part by alpha / r, so we do too. (ComfyUI divides by n r, 3-4x weaker: KS issue #2204.)
    /// </summary>
    private static int TrainedRank(string fileName, string module, PeftLoraTarget target, int rank, bool splitQkv)
    {
        if (!splitQkv || !module.StartsWith(KohyaLoraNames.Prefix, StringComparison.Ordinal))
        {
            return rank;
        }
        int parts = target.ModulePath.EndsWith("_attn.qkv", StringComparison.Ordinal) ? 3
            : target.ModulePath.EndsWith(".linear1", StringComparison.Ordinal) ? 4
            : 1;
        if (rank % parts != 0)
        {
            throw new InvalidDataException($"{fileName}: split_qkv LoRA module '{module}' has rank {rank}, not a multiple of its {parts} parts.");
        }
        return rank / parts;
    }

    private static void RefuseOtherAlgorithms(SafeTensorsFile file, string fileName)
    {
        // DoRA first: it may sit beside LoHa keys, and renormalises the merged weight (CUI weight_decompose).
        if (file.Names.FirstOrDefault(n => n.EndsWith(".dora_scale", StringComparison.Ordinal) || n.Contains(".lora_magnitude_vector", StringComparison.Ordinal)) is { } dora)
        {
            throw new InvalidDataException($"{fileName}: DoRA file (key {dora}): not supported (its merge renormalises the weight; merging it as a plain LoRA would be wrong).");
        }
        if (file.Names.FirstOrDefault(n => n.EndsWith(".hada_t1", StringComparison.Ordinal) || n.EndsWith(".hada_t2", StringComparison.Ordinal)) is { } tucker)
        {
            throw new InvalidDataException($"{fileName}: LoHa with Tucker factors (key {tucker}): not supported.");
        }
        string algorithm = LoraDetector.Algorithm([.. file.Names], file.Metadata);
        // LyCORIS' own "lora"/"locon" on Linear layers is a plain low-rank pair (lora_down/lora_up/alpha); LoHa merges exactly too.
        if (algorithm is "LoRA" or "LyCORIS lora" or "LyCORIS locon" or "LoHa (LyCORIS)" or "LyCORIS loha")
        {
            return;
        }
        throw new InvalidDataException($"{fileName}: {algorithm} file: not supported (only plain LoRA merges as up @ down; merging it as one would be wrong).");
    }

    /// <summary>kohya writes <c>ss_network_args</c> as JSON of strings: <c>{"split_qkv": "True", ...}</c>.</summary>
    private static bool IsSplitQkv(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue("ss_network_args", out string? json))
        {
            return false;
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("split_qkv", out JsonElement value)
                && (value.ValueKind == JsonValueKind.True || (value.ValueKind == JsonValueKind.String && string.Equals(value.GetString(), "true", StringComparison.OrdinalIgnoreCase)));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
