using EpochCompare.Flux.Config;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Lora;

/// <summary>
/// Writes kohya sd-scripts lora_flux files (what ComfyUI, Forge and most trainers exchange):
/// <c>{lora_name}.lora_down.weight [r, in]</c>, <c>.lora_up.weight [out, r]</c>, <c>.alpha</c> (scalar).
/// <see cref="LoraFile"/> reads them, with every other producer's.
/// </summary>
public static class KohyaLoraFile
{
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
