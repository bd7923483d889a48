using System.Reflection;
using EpochCompare.Flux.Weights;
using EpochCompare.Flux.SafeTensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Weights;

/// <summary>
/// Fills a model built on the <see cref="DeviceType.META"/> device (no storage) from a <see cref="TensorSource"/>,
/// one tensor at a time straight from the file onto the device: each tensor is read in its stored dtype, converted
/// to the asked dtype, and becomes the parameter, so peak memory is the weights once in their load dtype (plus one
/// tensor in flight). fp8 Linear weights stay fp8 bytes where <see cref="LoadPrecision.Float8"/> says so
/// (<see cref="Float8Linear"/>); ComfyUI's <c>scale_weight</c> scalars are applied and consumed.
/// Reports missing, unexpected and mis-shaped keys by name.
/// </summary>
public static class ModuleMaterializer
{
    public const string ScaleWeightSuffix = ".scale_weight";

    /// <param name="device">Where the weights go; null: where each placeholder is, or the CPU for meta placeholders.</param>
    /// <param name="ignore">Source keys that belong to something else (not reported as unexpected).</param>
    public static StateDictReport Load(nn.Module model, TensorSource source, Device? device, LoadPrecision precision, Func<string, bool>? ignore = null)
    {
        Dictionary<string, Tensor> targets = ModuleWeights.Targets(model);
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module, StringComparer.Ordinal);
        var missing = new List<string>();
        var mismatched = new List<string>();
        using (torch.no_grad())
        {
            foreach ((string key, Tensor placeholder) in targets)
            {
                if (!source.Contains(key))
                {
                    missing.Add(key);
                    continue;
                }
                SafeTensorEntry entry = source.Entry(key);
                if (!ModuleWeights.Fits(entry.Shape, placeholder.shape))
                {
                    mismatched.Add($"{key} (file {entry.ShapeText}, model [{string.Join(", ", placeholder.shape)}])");
                    continue;
                }
                Device target = device ?? (placeholder.device_type == DeviceType.META ? CPU : placeholder.device);
                Materialize(modules, key, placeholder, source, entry, target, precision);
            }
        }
        var unexpected = source.Keys
            .Where(k => !targets.ContainsKey(k) && !IsFloat8Extra(k) && !(ignore?.Invoke(k) ?? false))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new StateDictReport(missing, unexpected, mismatched);
    }

    /// <summary>Loads and throws one line naming <paramref name="fileName"/> and the offending keys unless every key fits.</summary>
    public static void LoadStrict(nn.Module model, TensorSource source, string fileName, Device? device, LoadPrecision precision, Func<string, bool>? ignore = null)
    {
        StateDictReport report = Load(model, source, device, precision, ignore);
        if (!report.IsExact)
        {
            throw new InvalidDataException($"{fileName}: weights do not fit the model: {report}.");
        }
    }

    /// <summary>Names and shapes only, reading no data (for a model built on the meta device), with the same extras ignored as <see cref="Load"/>.</summary>
    public static StateDictReport Check(nn.Module model, TensorSource source, Func<string, bool>? ignore = null) =>
        ModuleWeights.Check(model, source, k => IsFloat8Extra(k) || (ignore?.Invoke(k) ?? false));

    /// <summary>ComfyUI scaled-fp8 bookkeeping: per-layer scales (folded into the weights here) and the file's marker.</summary>
    public static bool IsFloat8Extra(string key) =>
        key == "scaled_fp8" || key.EndsWith(ScaleWeightSuffix, StringComparison.Ordinal) || key.EndsWith(".scale_input", StringComparison.Ordinal);

    private static void Materialize(Dictionary<string, nn.Module> modules, string key, Tensor placeholder, TensorSource source,
        SafeTensorEntry entry, Device device, LoadPrecision precision)
    {
        using var scope = torch.NewDisposeScope();
        int dot = key.LastIndexOf('.');
        string path = dot < 0 ? "" : key[..dot], name = key[(dot + 1)..];
        nn.Module owner = modules[path];
        bool storedFloat8 = TensorSource.IsFloat8(entry.DType);
        double scale = ScaleOf(source, path);
        Tensor stored = source.Read(key);

        if (owner is Linear linear && name == "weight" && torch.is_floating_point(placeholder) && precision.KeepsFloat8(storedFloat8))
        {
            Tensor bytes = storedFloat8 ? stored : Float8Weights.QuantizeE4M3(stored);
            SafeTensorDType format = storedFloat8 ? entry.DType : SafeTensorDType.F8E4M3;
            Float8Linear.Attach(linear, bytes.view(placeholder.shape).to(device), format, storedFloat8 ? scale : 1.0, precision.ComputeDType);
            return;
        }

        Tensor value;
        if (storedFloat8)
        {
            value = Float8Weights.Upcast(stored, entry.DType, precision.DType ?? ScalarType.Float32, scale);
        }
        else
        {
            ScalarType dtype = torch.is_floating_point(stored) ? precision.DType ?? stored.dtype : stored.dtype;
            value = stored.to_type(dtype);
        }
        Assign(owner, key, name, placeholder, value.view(placeholder.shape).to(device));
    }

    /// <summary>The <c>scale_weight</c> of the Linear at <paramref name="modulePath"/>, 1 when the file has none.</summary>
    private static double ScaleOf(TensorSource source, string modulePath)
    {
        string key = modulePath + ScaleWeightSuffix;
        if (!source.Contains(key))
        {
            return 1.0;
        }
        using Tensor scale = source.Read(key);
        using Tensor asDouble = scale.to_type(ScalarType.Float64);
        return asDouble.item<double>();
    }

    /// <summary>
    /// Replaces the placeholder with <paramref name="value"/>: parameters through the owning module's settable property of
    /// that name (TorchSharp's Linear/Embedding/LayerNorm/Conv2d <c>weight</c>/<c>bias</c>, our norms' scales), which re-registers them.
    /// </summary>
    internal static void Assign(nn.Module owner, string key, string name, Tensor placeholder, Tensor value)
    {
        if (placeholder is not Parameter parameter)
        {
            throw new InvalidOperationException($"'{key}' is a buffer; only parameters are materialised.");
        }
        PropertyInfo property = owner.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.CanWrite && p.PropertyType == typeof(Parameter))
            ?? throw new InvalidOperationException($"{owner.GetType().Name} has no settable parameter property for '{key}'.");
        var loaded = new Parameter(value, requires_grad: parameter.requires_grad);
        // It outlives the per-tensor dispose scope it was made in (not every owner's setter detaches it).
        loaded.DetachFromDisposeScope();
        property.SetValue(owner, loaded);
    }
}
