using EpochCompare.Flux.Lora;
using EpochCompare.Training.Config;

namespace EpochCompare.Training.Loop;

/// <summary>
/// Writes a checkpoint atomically (the safetensors writer writes a temp file and renames it) and never over
/// an existing file: a LoRA in kohya's format, or in full mode the whole model with its text encoder
/// (the base-model layout <see cref="BaseModelLoader"/> reads back).
/// </summary>
public static class CheckpointWriter
{
    public static void Write(string path, TrainingModel model, IReadOnlyDictionary<string, string> metadata)
    {
        if (model.Mode == TrainMode.Lora)
        {
            LoRANetwork network = model.Network ?? throw new InvalidOperationException("LoRA mode without a LoRA network.");
            KohyaLoraFile.Write(path, network.ToWeights(metadata));
            return;
        }
        model.Base.Save(path, metadata);
    }
}
