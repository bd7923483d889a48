using EpochCompare.Flux.Modules;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Model;

/// <summary>
/// Loads checkpoint weights into a model's parameter slots, tensor by tensor straight from disk
/// (any float dtype becomes float32), and reports missing, unexpected and mis-shaped keys by name.
/// </summary>
public static class FluxStateDict
{
    /// <summary>Prefixes under which FLUX weights appear in the wild (ComfyUI all-in-one files), tried when no prefix is given.</summary>
    private static readonly string[] KnownPrefixes = ["model.diffusion_model.", "diffusion_model."];

    /// <summary>Loads every matching key; returns the report without throwing.</summary>
    public static StateDictReport Load(Module model, SafeTensorsFile file, string? prefix = null)
    {
        prefix ??= DetectPrefix(model, file);
        var slots = model.Parameters().ToDictionary(s => s.Key, StringComparer.Ordinal);
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
            if (!slots.TryGetValue(key, out ParameterSlot? slot))
            {
                unexpected.Add(key);
                continue;
            }
            if (!entry.Shape.Select(d => (int)d).SequenceEqual(slot.Shape))
            {
                mismatched.Add($"{key} (file {entry.ShapeText}, model {slot.ShapeText})");
                continue;
            }
            file.ReadSingles(entry, slot.Allocate().Span);
            loaded.Add(key);
        }
        var missing = slots.Keys.Where(k => !loaded.Contains(k)).ToList();
        return new StateDictReport(missing, unexpected, mismatched);
    }

    /// <summary>Loads and throws <see cref="InvalidDataException"/> naming the file and the offending keys unless every key matches.</summary>
    public static void LoadStrict(Module model, SafeTensorsFile file, string? prefix = null)
    {
        StateDictReport report = Load(model, file, prefix);
        if (!report.IsExact)
        {
            throw new InvalidDataException($"{Path.GetFileName(file.Path)}: checkpoint does not fit the model: {report}.");
        }
    }

    private static string DetectPrefix(Module model, SafeTensorsFile file)
    {
        string? probe = model.Parameters().FirstOrDefault()?.Key;
        if (probe is null || file.Contains(probe))
        {
            return "";
        }
        return KnownPrefixes.FirstOrDefault(p => file.Contains(p + probe)) ?? "";
    }
}
