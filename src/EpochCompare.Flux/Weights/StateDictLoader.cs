using EpochCompare.Flux.Model;
using EpochCompare.Flux.SafeTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Weights;

/// <summary>
/// Loads a safetensors file into a TorchSharp module's parameters by checkpoint key, tensor by tensor straight
/// from disk in the stored dtype (or <c>dtype</c>) onto the device, replacing the placeholders (a model built on
/// the meta device holds no storage), through <see cref="ModuleMaterializer"/>. Reports missing, unexpected and
/// mis-shaped keys by name.
/// </summary>
public static class StateDictLoader
{
    /// <summary>Prefixes under which FLUX weights appear in the wild (ComfyUI all-in-one files), tried when no prefix is given.</summary>
    private static readonly string[] KnownPrefixes = ["model.diffusion_model.", "diffusion_model."];

    /// <param name="ignore">File keys (prefix removed) that belong to another model in the same file (not reported as unexpected).</param>
    public static StateDictReport Load(nn.Module model, SafeTensorsFile file, string? prefix = null, Device? device = null, ScalarType? dtype = null,
        Func<string, bool>? ignore = null) =>
        Load(model, file, new LoadPrecision(dtype), prefix, device, ignore);

    public static StateDictReport Load(nn.Module model, SafeTensorsFile file, LoadPrecision precision, string? prefix = null, Device? device = null,
        Func<string, bool>? ignore = null)
    {
        prefix ??= DetectPrefix(model.state_dict().Keys.FirstOrDefault(), file);
        return ModuleMaterializer.Load(model, new TensorSource(file, prefix), device, precision, ignore);
    }

    /// <summary>Loads and throws <see cref="InvalidDataException"/> naming the file and the offending keys unless every key matches.</summary>
    public static void LoadStrict(nn.Module model, SafeTensorsFile file, string? prefix = null, Device? device = null, ScalarType? dtype = null,
        Func<string, bool>? ignore = null) =>
        LoadStrict(model, file, new LoadPrecision(dtype), prefix, device, ignore);

    public static void LoadStrict(nn.Module model, SafeTensorsFile file, LoadPrecision precision, string? prefix = null, Device? device = null,
        Func<string, bool>? ignore = null)
    {
        StateDictReport report = Load(model, file, precision, prefix, device, ignore);
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
}
