using EpochCompare.Flux.Config;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Model;

/// <summary>
/// Whole-model checkpoints: our own files carry the config as <c>__metadata__.config</c> (FluxParams JSON);
/// official BFL/ComfyUI files carry none, so the config is read off the tensor shapes.
/// </summary>
public static class FluxCheckpoint
{
    public const string ConfigKey = "config";

    /// <summary>Builds the model the file describes (or <paramref name="parameters"/>) and loads every weight strictly.</summary>
    public static FluxModel Load(string path, FluxParams? parameters = null)
    {
        using SafeTensorsFile file = SafeTensorsFile.Open(path);
        FluxParams p = parameters ?? ReadParams(file);
        var model = new FluxModel(p);
        FluxStateDict.LoadStrict(model, file);
        return model;
    }

    /// <summary>Config from the metadata, or inferred from the weights of an official checkpoint.</summary>
    public static FluxParams ReadParams(SafeTensorsFile file)
    {
        string fileName = Path.GetFileName(file.Path);
        if (file.Metadata.TryGetValue(ConfigKey, out string? json))
        {
            return FluxParamsJson.Parse(json, fileName);
        }
        string prefix = new[] { "", "model.diffusion_model.", "diffusion_model." }.FirstOrDefault(p => file.Contains(p + "img_in.weight"))
            ?? throw new InvalidDataException($"{fileName}: not a FLUX transformer checkpoint (no img_in.weight and no config metadata).");

        IReadOnlyList<long> Shape(string key) => file.TryGetEntry(prefix + key, out SafeTensorEntry entry)
            ? entry.Shape
            : throw new InvalidDataException($"{fileName}: FLUX checkpoint lacks '{prefix + key}'.");

        int BlockCount(string kind) => file.Names
            .Where(n => n.StartsWith(prefix + kind + ".", StringComparison.Ordinal))
            .Select(n => int.Parse(n[(prefix.Length + kind.Length + 1)..].Split('.')[0], System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(-1).Max() + 1;

        int hidden = (int)Shape("img_in.weight")[0];
        int headDim = (int)Shape("double_blocks.0.img_attn.norm.query_norm.scale")[0];
        if (headDim != 128)
        {
            throw new InvalidDataException($"{fileName}: head dim {headDim} is not FLUX.1's 128 and the file has no config metadata to say its rotary axes.");
        }
        return new FluxParams
        {
            InChannels = (int)Shape("img_in.weight")[1],
            OutChannels = (int)Shape("final_layer.linear.weight")[0],
            VecInDim = (int)Shape("vector_in.in_layer.weight")[1],
            ContextInDim = (int)Shape("txt_in.weight")[1],
            HiddenSize = hidden,
            MlpRatio = (double)Shape("double_blocks.0.img_mlp.0.weight")[0] / hidden,
            NumHeads = hidden / headDim,
            Depth = BlockCount("double_blocks"),
            DepthSingleBlocks = BlockCount("single_blocks"),
            AxesDim = [16, 56, 56],
            Theta = 10_000,
            QkvBias = file.Contains(prefix + "double_blocks.0.img_attn.qkv.bias"),
            GuidanceEmbed = file.Contains(prefix + "guidance_in.in_layer.bias"),
        }.Validated(fileName);
    }

    /// <summary>Saves every weight under its checkpoint key, with the config in the metadata.</summary>
    public static void Save(string path, FluxModel model, SafeTensorDType dtype = SafeTensorDType.F32, bool overwrite = false)
    {
        var metadata = new Dictionary<string, string> { [ConfigKey] = FluxParamsJson.ToJson(model.Params) };
        SafeTensorsWriter.Write(path,
            model.Parameters().Select(s => new SafeTensorToWrite(s.Key, dtype, s.Shape.Select(d => (long)d).ToArray(), s.Value.Span.ToArray())),
            metadata, overwrite);
    }
}
