using EpochCompare.Flux.Config;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Lora;

/// <summary>
/// kohya sd-scripts lora_flux files (what ComfyUI, Forge and most trainers exchange):
/// <c>{lora_name}.lora_down.weight [r, in]</c>, <c>.lora_up.weight [out, r]</c>, <c>.alpha</c> (scalar, any numeric dtype).
/// </summary>
public static class KohyaLoraFile
{
    /// <summary>Reads every FLUX transformer module; text-encoder modules (lora_te*) are skipped and listed.</summary>
    public static LoraWeights Read(SafeTensorsFile file, FluxParams p, out IReadOnlyList<string> skippedKeys)
    {
        string fileName = Path.GetFileName(file.Path);
        var groups = new SortedDictionary<string, Dictionary<string, SafeTensorEntry>>(StringComparer.Ordinal);
        var skipped = new List<string>();
        foreach (SafeTensorEntry entry in file.Entries)
        {
            if (!KohyaLoraNames.TrySplitKey(entry.Name, out string loraName, out string suffix) || !loraName.StartsWith(KohyaLoraNames.Prefix, StringComparison.Ordinal))
            {
                skipped.Add(entry.Name);
                continue;
            }
            if (!groups.TryGetValue(loraName, out var group))
            {
                groups[loraName] = group = new Dictionary<string, SafeTensorEntry>(StringComparer.Ordinal);
            }
            group[suffix] = entry;
        }

        var modules = new List<LoraModuleWeights>();
        foreach ((string loraName, var group) in groups)
        {
            if (!KohyaLoraNames.TryGetModulePath(loraName, out string modulePath) || FluxLinearShapes.Of(modulePath, p) is not (int inFeatures, int outFeatures))
            {
                throw new InvalidDataException($"{fileName}: LoRA module '{loraName}' does not name a Linear of this FLUX model.");
            }
            if (!group.TryGetValue(KohyaLoraNames.DownSuffix, out SafeTensorEntry? down) || !group.TryGetValue(KohyaLoraNames.UpSuffix, out SafeTensorEntry? up))
            {
                throw new InvalidDataException($"{fileName}: LoRA module '{loraName}' lacks its lora_down or lora_up weight.");
            }
            int rank = down.Shape.Count == 2 ? (int)down.Shape[0] : -1;
            if (rank <= 0 || down.Shape[1] != inFeatures || up.Shape.Count != 2 || up.Shape[0] != outFeatures || up.Shape[1] != rank)
            {
                throw new InvalidDataException($"{fileName}: LoRA module '{loraName}' has down {down.ShapeText} and up {up.ShapeText}; the Linear is [{outFeatures}, {inFeatures}].");
            }
            float alpha = rank;
            if (group.TryGetValue(KohyaLoraNames.AlphaSuffix, out SafeTensorEntry? alphaEntry))
            {
                if (alphaEntry.ElementCount != 1)
                {
                    throw new InvalidDataException($"{fileName}: LoRA alpha '{alphaEntry.Name}' has shape {alphaEntry.ShapeText}, expected a scalar.");
                }
                alpha = file.ReadSingles(alphaEntry.Name)[0];
            }
            modules.Add(new LoraModuleWeights(modulePath, inFeatures, outFeatures, rank, alpha, file.ReadSingles(down.Name), file.ReadSingles(up.Name)));
        }
        skippedKeys = skipped;
        return new LoraWeights(modules, file.Metadata);
    }

    public static void Write(string path, LoraWeights lora, SafeTensorDType dtype = SafeTensorDType.F32, bool overwrite = false)
    {
        var tensors = new List<SafeTensorToWrite>();
        foreach (LoraModuleWeights module in lora.Modules.Values)
        {
            string name = KohyaLoraNames.FromModulePath(module.ModulePath);
            tensors.Add(new SafeTensorToWrite(name + KohyaLoraNames.DownSuffix, dtype, [module.Rank, module.InFeatures], module.Down));
            tensors.Add(new SafeTensorToWrite(name + KohyaLoraNames.UpSuffix, dtype, [module.OutFeatures, module.Rank], module.Up));
            tensors.Add(new SafeTensorToWrite(name + KohyaLoraNames.AlphaSuffix, dtype, [], new[] { module.Alpha }));
        }
        SafeTensorsWriter.Write(path, tensors, lora.Metadata, overwrite);
    }
}
