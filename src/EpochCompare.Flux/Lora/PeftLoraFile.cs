using System.Text.Json;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Lora;

/// <summary>
/// diffusers/PEFT FLUX LoRAs (ai-toolkit, diffusers scripts). Modules that diffusers keeps apart but BFL
/// fuses (to_q/to_k/to_v -> qkv; plus proj_mlp -> linear1) become one kohya-style module:
/// down = cat(A_k) [n*r, in], up block-diagonal [out, n*r], alpha chosen so alpha/(n*r) = the PEFT scale.
/// </summary>
public static class PeftLoraFile
{
    public static bool LooksLikePeft(SafeTensorsFile file) =>
        file.Names.Any(n => n.EndsWith(PeftLoraNames.ASuffix, StringComparison.Ordinal));

    public static LoraWeights Read(SafeTensorsFile file, FluxParams p, out IReadOnlyList<string> skippedKeys)
    {
        string fileName = Path.GetFileName(file.Path);
        float peftScale = ReadScale(file);
        var parts = new SortedDictionary<string, List<(PeftLoraTarget Target, SafeTensorEntry A, SafeTensorEntry B)>>(StringComparer.Ordinal);
        var skipped = new List<string>();
        foreach (SafeTensorEntry entry in file.Entries)
        {
            if (!PeftLoraNames.TrySplitKey(entry.Name, out string module, out bool isA))
            {
                skipped.Add(entry.Name);
                continue;
            }
            if (!isA)
            {
                continue; // handled with its A
            }
            if (!PeftLoraNames.TryMap(module, p, out PeftLoraTarget target))
            {
                skipped.Add(entry.Name);
                continue;
            }
            string bName = module + PeftLoraNames.BSuffix;
            if (!file.TryGetEntry(bName, out SafeTensorEntry b))
            {
                throw new InvalidDataException($"{fileName}: '{entry.Name}' has no matching '{bName}'.");
            }
            if (!parts.TryGetValue(target.ModulePath, out var list))
            {
                parts[target.ModulePath] = list = [];
            }
            list.Add((target, entry, b));
        }

        var modules = new List<LoraModuleWeights>();
        foreach ((string modulePath, var list) in parts)
        {
            modules.Add(Fuse(file, fileName, modulePath, list, p, peftScale));
        }
        skippedKeys = skipped;
        return new LoraWeights(modules, file.Metadata);
    }

    private static LoraModuleWeights Fuse(SafeTensorsFile file, string fileName, string modulePath,
        List<(PeftLoraTarget Target, SafeTensorEntry A, SafeTensorEntry B)> parts, FluxParams p, float peftScale)
    {
        (int inFeatures, int outFeatures) = FluxLinearShapes.Of(modulePath, p)
            ?? throw new InvalidDataException($"{fileName}: LoRA target '{modulePath}' is not a Linear of this model.");
        parts.Sort((x, y) => x.Target.RowStart.CompareTo(y.Target.RowStart));
        int totalRank = 0;
        foreach (var (target, a, b) in parts)
        {
            int r = a.Shape.Count == 2 ? (int)a.Shape[0] : -1;
            if (r <= 0 || a.Shape[1] != inFeatures || b.Shape.Count != 2 || b.Shape[0] != target.RowCount || b.Shape[1] != r)
            {
                throw new InvalidDataException($"{fileName}: '{a.Name}' {a.ShapeText} / lora_B {b.ShapeText} do not fit rows [{target.RowStart}, +{target.RowCount}) of '{modulePath}' [{outFeatures}, {inFeatures}].");
            }
            totalRank += r;
        }

        var down = new float[(long)totalRank * inFeatures];
        var up = new float[(long)outFeatures * totalRank];
        int rankOffset = 0;
        foreach (var (target, a, b) in parts)
        {
            int r = (int)a.Shape[0];
            file.ReadSingles(a, down.AsSpan(rankOffset * inFeatures, r * inFeatures));
            float[] bValues = file.ReadSingles(b.Name);
            for (int row = 0; row < target.RowCount; row++)
            {
                int destinationRow = target.RowStart + (target.SwapHalves ? (row + target.RowCount / 2) % target.RowCount : row);
                bValues.AsSpan(row * r, r).CopyTo(up.AsSpan(destinationRow * totalRank + rankOffset, r));
            }
            rankOffset += r;
        }
        // The fused pair sums n rank-r products; alpha = scale * n*r keeps each part's PEFT scale.
        return new LoraModuleWeights(modulePath, inFeatures, outFeatures, totalRank, peftScale * totalRank, down, up);
    }

    /// <summary>PEFT scale = lora_alpha / r from <c>lora_adapter_metadata</c> when present; 1 otherwise (ai-toolkit).</summary>
    private static float ReadScale(SafeTensorsFile file)
    {
        if (!file.Metadata.TryGetValue("lora_adapter_metadata", out string? json))
        {
            return 1f;
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            if (root.TryGetProperty("lora_alpha", out JsonElement alpha) && root.TryGetProperty("r", out JsonElement r)
                && alpha.TryGetDouble(out double alphaValue) && r.TryGetDouble(out double rValue) && rValue > 0)
            {
                return (float)(alphaValue / rValue);
            }
            return 1f;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{Path.GetFileName(file.Path)}: lora_adapter_metadata is not valid JSON ({ex.Message.Split('\n')[0]}).");
        }
    }
}
