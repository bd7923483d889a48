using EpochCompare.Flux.Weights;
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
                if (!Fits(entry.Shape, target.shape))
                {
                    mismatched.Add($"{key} (file {entry.ShapeText}, model [{string.Join(", ", target.shape)}])");
                    continue;
                }
                using var scope = torch.NewDisposeScope();
                Tensor stored = source.Read(key);
                Tensor value = TensorSource.IsFloat8(entry.DType) && target.dtype != ScalarType.Byte
                    ? Float8Weights.Upcast(stored, entry.DType, target.dtype)
                    : stored.to_type(target.dtype);
                target.copy_(value.view(target.shape));
            }
        }
        var unexpected = source.Keys
            .Where(k => !targets.ContainsKey(k) && !(ignore?.Invoke(k) ?? false))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new StateDictReport(missing, unexpected, mismatched);
    }

    /// <summary>Compares names and shapes only, reading no data (works on a model built on the meta device).</summary>
    public static StateDictReport Check(nn.Module module, TensorSource source, Func<string, bool>? ignore = null)
    {
        var targets = Targets(module);
        var missing = targets.Keys.Where(k => !source.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var mismatched = targets
            .Where(t => source.Contains(t.Key) && !Fits(source.Entry(t.Key).Shape, t.Value.shape))
            .Select(t => $"{t.Key} (file {source.Entry(t.Key).ShapeText}, model [{string.Join(", ", t.Value.shape)}])")
            .ToList();
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

    /// <summary>
    /// Same shape, or the same up to trailing 1s: diffusers stores 1x1-conv attention weights as [C, C]
    /// where BFL's modules hold [C, C, 1, 1].
    /// </summary>
    public static bool Fits(IReadOnlyList<long> stored, long[] target)
    {
        static IEnumerable<long> Trimmed(IEnumerable<long> shape) => shape.Reverse().SkipWhile(d => d == 1).Reverse();
        return stored.SequenceEqual(target)
            || (stored.Count != target.Length && Trimmed(stored).SequenceEqual(Trimmed(target)));
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
