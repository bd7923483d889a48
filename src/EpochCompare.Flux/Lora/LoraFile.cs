using EpochCompare.Flux.Config;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Lora;

/// <summary>Reads a FLUX LoRA in whichever format it is: kohya (lora_unet_*) or diffusers/PEFT (lora_A/lora_B).</summary>
public static class LoraFile
{
    public static LoraWeights Read(string path, FluxParams p) => Read(path, p, out _);

    public static LoraWeights Read(string path, FluxParams p, out IReadOnlyList<string> skippedKeys)
    {
        using SafeTensorsFile file = SafeTensorsFile.Open(path);
        LoraWeights lora = PeftLoraFile.LooksLikePeft(file)
            ? PeftLoraFile.Read(file, p, out skippedKeys)
            : KohyaLoraFile.Read(file, p, out skippedKeys);
        if (lora.Modules.Count == 0)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: no FLUX transformer LoRA modules found.");
        }
        return lora;
    }
}
