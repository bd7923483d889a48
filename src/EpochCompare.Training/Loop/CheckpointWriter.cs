using EpochCompare.Flux.Lora;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Tensors;
using EpochCompare.Training.Config;

namespace EpochCompare.Training.Loop;

/// <summary>
/// Writes a checkpoint atomically (the safetensors writer writes a temp file and renames it) and never over
/// an existing file: a LoRA in kohya's format, or in full mode the whole model with its text encoder.
/// </summary>
public static class CheckpointWriter
{
    public static void Write(string path, TrainingModel model, IReadOnlyDictionary<string, string> metadata)
    {
        if (model.Mode == TrainMode.Lora)
        {
            KohyaLoraFile.Write(path, FluxLora.Export(model.Flux, metadata));
            return;
        }
        var tensors = model.Flux.Parameters()
            .Select(slot => slot.Value)
            .Concat(TextEncoderWeights.Of(model.Text))
            .Select(p => SafeTensorToWrite.F32(p.Name, p.Shape.ToArray().Select(d => (long)d).ToArray(), p.ToArray()));
        SafeTensorsWriter.Write(path, tensors, metadata);
    }
}
