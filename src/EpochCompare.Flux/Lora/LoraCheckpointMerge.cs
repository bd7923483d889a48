using System.Globalization;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Weights;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Lora;

/// <summary>
/// kohya's merge_lora for a whole checkpoint: the base transformer under BFL keys with every LoRA module merged
/// (<see cref="LoraMerge"/>), streamed tensor by tensor into a new file (temp + rename; an existing file is never
/// replaced). Weights keep their stored dtype unless one is given (fp8 becomes bfloat16); tensors bundled beside the
/// transformer (VAE, text encoders) are copied byte for byte; the base's metadata is kept, plus where the merge came from.
/// </summary>
public static class LoraCheckpointMerge
{
    public static void Write(TransformerCheckpoint baseModel, LoraWeights lora, string loraName, double strength, ScalarType? dtype, string outPath)
    {
        foreach (LoraModuleWeights module in lora.Modules.Values)
        {
            string key = module.ModulePath + ".weight";
            if (!baseModel.Contains(key))
            {
                throw new InvalidDataException($"{loraName}: adapts '{module.ModulePath}', which {baseModel.Name} does not have.");
            }
        }
        var transformerTypes = baseModel.Keys.ToDictionary(k => k, k => dtype ?? OutputType(baseModel.StoredDType(k)), StringComparer.Ordinal);
        var others = baseModel.Others.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var plans = baseModel.Keys.Select(k => new SafeTensorPlan(k, SafeTensorTorch.ToSafeTensorDType(transformerTypes[k]), baseModel.Shape(k)))
            .Concat(others.Values.Select(e => new SafeTensorPlan(e.Name, e.DType, e.Shape)));

        var metadata = new Dictionary<string, string>(baseModel.Metadata, StringComparer.Ordinal)
        {
            ["epochcompare_merged_lora"] = loraName,
            ["epochcompare_merged_strength"] = strength.ToString("R", CultureInfo.InvariantCulture),
        };
        SafeTensorsWriter.WriteStreaming(outPath, plans, (plan, stream) =>
        {
            if (others.TryGetValue(plan.Name, out SafeTensorEntry? other))
            {
                stream.Write(baseModel.ReadOtherRaw(other));
                return;
            }
            ScalarType type = transformerTypes[plan.Name];
            using Tensor stored = baseModel.Read(plan.Name, StoredFloatType(baseModel.StoredDType(plan.Name)));
            using Tensor value = LoraMerge.TryGetModule(lora, plan.Name, out LoraModuleWeights module)
                ? LoraMerge.Merge(stored, module, strength, type)
                : stored.to_type(type);
            stream.Write(value.contiguous().bytes);
        }, metadata);
    }

    /// <summary>What a stored weight is written as by default: itself, fp8 as bfloat16 (its values fit exactly before scaling).</summary>
    private static ScalarType OutputType(SafeTensorDType stored) => stored switch
    {
        SafeTensorDType.F32 => ScalarType.Float32,
        SafeTensorDType.F16 => ScalarType.Float16,
        SafeTensorDType.F64 => ScalarType.Float64,
        _ => ScalarType.BFloat16,
    };

    /// <summary>The dtype to read a weight in: its own; fp8 (decoded and scaled in float32) as float32.</summary>
    private static ScalarType StoredFloatType(SafeTensorDType stored) => stored switch
    {
        SafeTensorDType.BF16 => ScalarType.BFloat16,
        SafeTensorDType.F16 => ScalarType.Float16,
        SafeTensorDType.F64 => ScalarType.Float64,
        _ => ScalarType.Float32,
    };
}
