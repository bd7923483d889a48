using EpochCompare.Flux.Config;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Training.Loop;

namespace EpochCompare.Demo.BaseModel;

/// <summary>
/// Turns a full-mode training checkpoint (float32, kohya metadata) into the shipped base: every tensor as
/// float16, the model config in <c>__metadata__.config</c>, and the training metadata kept for provenance.
/// </summary>
public static class BaseModelExport
{
    public static void ToFloat16(string checkpoint, string destination, bool overwrite = false)
    {
        using SafeTensorsFile file = SafeTensorsFile.Open(checkpoint);
        var tensors = new List<SafeTensorToWrite>();
        foreach (SafeTensorEntry entry in file.Entries)
        {
            var values = new float[checked((int)entry.ElementCount)];
            file.ReadSingles(entry, values);
            foreach (float v in values)
            {
                if (!float.IsFinite((float)(Half)v))
                {
                    throw new InvalidDataException($"{checkpoint}: tensor '{entry.Name}' has a value ({v}) that float16 cannot hold.");
                }
            }
            tensors.Add(new SafeTensorToWrite(entry.Name, SafeTensorDType.F16, entry.Shape.ToArray(), values));
        }
        var metadata = new Dictionary<string, string>(file.Metadata, StringComparer.Ordinal)
        {
            [BaseModelLoader.ConfigMetadataKey] = FluxParamsJson.ToJson(FluxPresets.Tiny),
        };
        SafeTensorsWriter.Write(destination, tensors, metadata, overwrite);
    }
}
