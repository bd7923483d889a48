using EpochCompare.Flux.TextEncoding.OwnEngine;
using ITextConditioner = EpochCompare.Flux.TextEncoding.OwnEngine.ITextConditioner;
using TextConditioning = EpochCompare.Flux.TextEncoding.OwnEngine.TextConditioning;
using TinyTextEncoder = EpochCompare.Flux.TextEncoding.OwnEngine.TinyTextEncoder;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Model;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Tensors;

namespace EpochCompare.Training.Loop;

/// <summary>
/// The base model of a run: a FLUX safetensors file (transformer keys as in BFL checkpoints, the tiny text
/// encoder's keys beside them, the config in <c>__metadata__.config</c> or flux-tiny), or, without a file,
/// a flux-tiny initialised from the seed (how the tiny base itself is pretrained).
/// </summary>
public static class BaseModelLoader
{
    public const string ConfigMetadataKey = "config";

    public static (FluxModel Flux, TinyTextEncoder Text, string Name) Load(string? path, ulong seed, Action<string> warn)
    {
        TinyTextEncoder text = TinyTextEncoder.CreateFluxTiny();
        if (path is null)
        {
            var model = new FluxModel(FluxPresets.Tiny);
            FluxInitializer.Initialize(model, unchecked((int)seed));
            text.InitializeRandom(seed);
            warn("no --base given: starting from a randomly initialised flux-tiny");
            return (model, text, "flux-tiny (random init)");
        }
        using SafeTensorsFile file = SafeTensorsFile.Open(path);
        FluxParams config = file.Metadata.TryGetValue(ConfigMetadataKey, out string? json)
            ? FluxParamsJson.Parse(json, path)
            : FluxPresets.Tiny;
        var flux = new FluxModel(config);
        var report = FluxStateDict.Load(flux, file);
        if (report.Missing.Count > 0 || report.Mismatched.Count > 0)
        {
            throw new InvalidDataException($"{path}: not a FLUX model of this config: {report}.");
        }
        foreach (Parameter p in TextEncoderWeights.Of(text))
        {
            if (!file.TryGetEntry(p.Name, out SafeTensorEntry entry))
            {
                throw new InvalidDataException($"{path}: has no text encoder weights ('{p.Name}' missing).");
            }
            if (!entry.Shape.Select(d => (int)d).SequenceEqual(p.Shape.ToArray()))
            {
                throw new InvalidDataException($"{path}: text encoder weight '{p.Name}' is {entry.ShapeText}, expected [{string.Join(", ", p.Shape.ToArray())}].");
            }
            file.ReadSingles(entry, p.Span);
        }
        return (flux, text, Path.GetFileName(path));
    }
}
