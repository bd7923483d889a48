using System.Reflection;
using EpochCompare.Flux.Model;
using EpochCompare.Flux.SafeTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Weights;

/// <summary>
/// Loads a safetensors file into a TorchSharp module's parameters by checkpoint key, tensor by tensor straight
/// from disk in the stored dtype (or <c>dtype</c>) onto the device, replacing the placeholders (a model built on
/// the meta device holds no storage). Reports missing, unexpected and mis-shaped keys by name.
/// </summary>
public static class StateDictLoader
{
    /// <summary>Prefixes under which FLUX weights appear in the wild (ComfyUI all-in-one files), tried when no prefix is given.</summary>
    private static readonly string[] KnownPrefixes = ["model.diffusion_model.", "diffusion_model."];

    /// <param name="ignore">File keys (prefix removed) that belong to another model in the same file (not reported as unexpected).</param>
    public static StateDictReport Load(nn.Module model, SafeTensorsFile file, string? prefix = null, Device? device = null, ScalarType? dtype = null,
        Func<string, bool>? ignore = null)
    {
        Dictionary<string, Tensor> expected = model.state_dict();
        prefix ??= DetectPrefix(expected.Keys.FirstOrDefault(), file);
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module, StringComparer.Ordinal);
        var unexpected = new List<string>();
        var mismatched = new List<string>();
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        foreach (SafeTensorEntry entry in file.Entries)
        {
            if (!entry.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            string key = entry.Name[prefix.Length..];
            if (ignore?.Invoke(key) == true)
            {
                continue;
            }
            if (!expected.TryGetValue(key, out Tensor? placeholder))
            {
                unexpected.Add(key);
                continue;
            }
            if (!entry.Shape.SequenceEqual(placeholder.shape))
            {
                mismatched.Add($"{key} (file {entry.ShapeText}, model [{string.Join(", ", placeholder.shape)}])");
                continue;
            }
            Device target = device ?? (placeholder.device_type == DeviceType.META ? CPU : placeholder.device);
            Tensor value = SafeTensorTorch.Read(file, entry);
            ScalarType targetType = torch.is_floating_point(value) ? dtype ?? value.dtype : value.dtype;
            value = value.to(targetType, target, disposeAfter: true);
            Assign(modules, key, placeholder, value);
            loaded.Add(key);
        }
        var missing = expected.Keys.Where(k => !loaded.Contains(k)).ToList();
        return new StateDictReport(missing, unexpected, mismatched);
    }

    /// <summary>Loads and throws <see cref="InvalidDataException"/> naming the file and the offending keys unless every key matches.</summary>
    public static void LoadStrict(nn.Module model, SafeTensorsFile file, string? prefix = null, Device? device = null, ScalarType? dtype = null,
        Func<string, bool>? ignore = null)
    {
        StateDictReport report = Load(model, file, prefix, device, dtype, ignore);
        if (!report.IsExact)
        {
            throw new InvalidDataException($"{Path.GetFileName(file.Path)}: checkpoint does not fit the model: {report}.");
        }
    }

    private static string DetectPrefix(string? probe, SafeTensorsFile file)
    {
        if (probe is null || file.Contains(probe))
        {
            return "";
        }
        return KnownPrefixes.FirstOrDefault(p => file.Contains(p + probe)) ?? "";
    }

    /// <summary>
    /// Puts <paramref name="value"/> where <paramref name="key"/> lives: parameters through the owning module's
    /// property of that name (TorchSharp's Linear.weight/bias, our RMSNorm.Scale), which re-registers them.
    /// </summary>
    internal static void Assign(Dictionary<string, nn.Module> modules, string key, Tensor placeholder, Tensor value)
    {
        int dot = key.LastIndexOf('.');
        string path = dot < 0 ? "" : key[..dot], name = key[(dot + 1)..];
        nn.Module owner = modules[path];
        if (placeholder is not TorchSharp.Modules.Parameter parameter)
        {
            throw new InvalidOperationException($"'{key}' is a buffer; only parameters are loaded.");
        }
        PropertyInfo property = owner.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.CanWrite && p.PropertyType == typeof(TorchSharp.Modules.Parameter))
            ?? throw new InvalidOperationException($"{owner.GetType().Name} has no settable parameter property for '{key}'.");
        property.SetValue(owner, new TorchSharp.Modules.Parameter(value, requires_grad: parameter.requires_grad));
    }
}
