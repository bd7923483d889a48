using EpochCompare.Flux.Checkpoints;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Model;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Transformer;
using EpochCompare.Flux.Weights;
using static TorchSharp.torch;

namespace EpochCompare.Flux.RealModel;

/// <summary>
/// A FLUX.1 transformer file as users have it (BFL names, ComfyUI all-in-one under <c>model.diffusion_model.</c>,
/// Kijai/Comfy fp8, Comfy scaled fp8), opened and checked against the model it describes without reading weights:
/// the config from its shapes, every key fitting a meta-built model. Refusals name the file and what it is instead.
/// </summary>
public sealed class FluxTransformerCheckpoint : IDisposable
{
    private readonly SafeTensorsFile _file;
    private readonly TensorSource _source;

    private FluxTransformerCheckpoint(SafeTensorsFile file, TensorSource source, FluxParams parameters, CheckpointDescription description)
    {
        _file = file;
        _source = source;
        Params = parameters;
        Description = description;
    }

    public string Name => Path.GetFileName(_file.Path);

    public FluxParams Params { get; }

    public CheckpointDescription Description { get; }

    /// <summary>Whether the file stores its Linear weights in fp8 (kept so by <see cref="Float8Mode.Keep"/>).</summary>
    public bool IsFloat8 => _source.Keys.Any(k => TensorSource.IsFloat8(_source.Entry(k).DType));

    public static FluxTransformerCheckpoint Open(string path, FluxVariant variant)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        CheckpointDescription description = CheckpointInspector.Inspect(path);
        if (description.Refusal is { } refusal)
        {
            throw new InvalidDataException(refusal);
        }
        if (description.Layout == CheckpointLayout.Diffusers)
        {
            throw new InvalidDataException($"{name}: a diffusers transformer; sample reads single-file FLUX.1 transformers (BFL or ComfyUI layout, e.g. flux1-{variant.FileHint}.safetensors).");
        }
        if (description.Layout is not (CheckpointLayout.Bfl or CheckpointLayout.ComfyBundle or CheckpointLayout.ComfyScaledFp8))
        {
            string what = description.Layout == CheckpointLayout.Unknown ? "unknown layout" : $"it holds {Article(description.LayoutName)}";
            throw new InvalidDataException($"{name}: not a FLUX transformer ({what}).");
        }
        SafeTensorsFile file = SafeTensorsFile.Open(path);
        try
        {
            var source = new TensorSource(file, description.Prefix ?? "");
            var shapes = source.Keys.ToDictionary(k => k, k => source.Entry(k).Shape, StringComparer.Ordinal);
            FluxParams parameters = FluxConfigInference.Infer(shapes)
                ?? throw new InvalidDataException($"{name}: the FLUX transformer's config cannot be read from its shapes.");
            if (parameters.GuidanceEmbed != variant.GuidanceEmbedded)
            {
                string actual = parameters.GuidanceEmbed ? "a guidance-distilled (dev-type) transformer" : "a transformer without guidance input (schnell-type)";
                throw new InvalidDataException($"{name}: {actual}, but --model is {variant.Name}.");
            }
            using (var meta = new FluxTransformer(parameters, META))
            {
                StateDictReport report = ModuleMaterializer.Check(meta, source);
                if (!report.IsExact)
                {
                    throw new InvalidDataException($"{name}: checkpoint does not fit the FLUX transformer it describes: {report}.");
                }
            }
            return new FluxTransformerCheckpoint(file, source, parameters, description);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Builds the transformer on the meta device and materialises it on <paramref name="device"/> (see <see cref="ModuleMaterializer"/>).</summary>
    public FluxTransformer Load(Device device, LoadPrecision precision)
    {
        var model = new FluxTransformer(Params, META, precision.ComputeDType);
        try
        {
            ModuleMaterializer.LoadStrict(model, _source, Name, device, precision);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return model;
    }

    public void Dispose() => _file.Dispose();

    private static string Article(string noun) => ("aeiouAEIOU".Contains(noun[0]) ? "an " : "a ") + noun;
}
