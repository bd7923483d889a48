using EpochCompare.Flux.Model;
using EpochCompare.Flux.SafeTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Weights;

/// <summary>
/// Copies a <see cref="TensorSource"/> into a TorchSharp module's parameters and buffers, matched by
/// state-dict name, converting each tensor to the dtype the module holds (F16 to F32 exactly, fp8
/// through its table). Reports missing, unexpected and mis-shaped keys by name.
/// </summary>
public static class ModuleWeights
{
    /// <summary>Loads every key the module has; <paramref name="ignore"/> names file keys that are known extras (not reported).</summary>
    public static StateDictReport Load(nn.Module module, TensorSource source, Func<string, bool>? ignore = null)
    {
        var targets = Targets(module);
        var missing = new List<string>();
        var mismatched = new List<string>();
        using (torch.no_grad())
        {
            foreach ((string key, Tensor target) in targets)
            {
                if (!source.Contains(key))
                {
                    missing.Add(key);
                    continue;
                }
                SafeTensorEntry entry = source.Entry(key);
                if (!entry.Shape.SequenceEqual(target.shape))
                {
                    mismatched.Add($"{key} (file {entry.ShapeText}, model [{string.Join(", ", target.shape)}])");
                    continue;
                }
                using var scope = torch.NewDisposeScope();
                Tensor stored = source.Read(key);
                Tensor value = entry.DType is SafeTensorDType.F8E4M3 or SafeTensorDType.F8E5M2 && target.dtype != ScalarType.Byte
                    ? Float8Weights.Upcast(stored, entry.DType, target.dtype)
                    : stored.to_type(target.dtype);
                target.copy_(value);
            }
        }
        var unexpected = source.Keys
            .Where(k => !targets.ContainsKey(k) && !(ignore?.Invoke(k) ?? false))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new StateDictReport(missing, unexpected, mismatched);
    }

    /// <summary>Loads and throws <see cref="InvalidDataException"/> naming the file and the offending keys unless every key fits.</summary>
    public static void LoadStrict(nn.Module module, TensorSource source, string fileName, Func<string, bool>? ignore = null)
    {
        StateDictReport report = Load(module, source, ignore);
        if (!report.IsExact)
        {
            throw new InvalidDataException($"{fileName}: weights do not fit the model: {report}.");
        }
    }

    /// <summary>Parameters and persistent buffers by state-dict name.</summary>
    public static Dictionary<string, Tensor> Targets(nn.Module module)
    {
        var targets = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach ((string name, TorchSharp.Modules.Parameter parameter) in module.named_parameters())
        {
            targets[name] = parameter;
        }
        foreach ((string name, Tensor buffer) in module.named_buffers())
        {
            targets[name] = buffer;
        }
        return targets;
    }
}
