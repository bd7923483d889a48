using EpochCompare.Flux.Config;
using EpochCompare.Flux.Devices;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Flux.Transformer;
using EpochCompare.Flux.Weights;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Checkpoints;

/// <summary>
/// A base model file as our tools write it: the FLUX transformer under its BFL keys, the tiny text encoder
/// under <c>text_encoder.</c>, the config in <c>__metadata__.config</c> (flux-tiny when absent). Both models are
/// built on the meta device and loaded straight onto the compute device in its dtype; every key must fit.
/// </summary>
public sealed class FluxTinyBase : IDisposable
{
    private FluxTinyBase(FluxTransformer transformer, TinyTextEncoder text, string name)
    {
        Transformer = transformer;
        Text = text;
        Name = name;
    }

    /// <summary>The metadata key of the FLUX config (FluxParams JSON) in our files; BFL and ComfyUI files carry none.</summary>
    public const string ConfigKey = "config";

    public FluxTransformer Transformer { get; }

    public TinyTextEncoder Text { get; }

    /// <summary>The file name, for grid labels and messages.</summary>
    public string Name { get; }

    public static FluxTinyBase Load(string path, ComputeDevice compute)
    {
        Device device = compute.Resolve();
        using SafeTensorsFile file = SafeTensorsFile.Open(path);
        string fileName = Path.GetFileName(path);
        FluxParams config = file.Metadata.TryGetValue(ConfigKey, out string? json)
            ? FluxParamsJson.Parse(json, fileName)
            : FluxPresets.Tiny;
        if (!file.Names.Any(n => n.StartsWith(TinyTextEncoder.KeyPrefix, StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"{path}: has no text encoder weights (no '{TinyTextEncoder.KeyPrefix}*' keys).");
        }
        var transformer = new FluxTransformer(config, META);
        var text = TinyTextEncoder.CreateFluxTiny(META);
        try
        {
            StateDictLoader.LoadStrict(transformer, file, "", device, compute.DType, key => key.StartsWith(TinyTextEncoder.KeyPrefix, StringComparison.Ordinal));
            StateDictLoader.LoadStrict(text, file, TinyTextEncoder.KeyPrefix, device, compute.DType);
        }
        catch
        {
            transformer.Dispose();
            text.Dispose();
            throw;
        }
        transformer.eval();
        text.eval();
        return new FluxTinyBase(transformer, text, fileName);
    }

    /// <summary>A flux-tiny with both models initialised as LibTorch initialises modules, from <paramref name="seed"/> (how the tiny base is pretrained).</summary>
    public static FluxTinyBase CreateRandom(ulong seed, ComputeDevice compute)
    {
        Device device = compute.Resolve();
        TorchSharp.torch.random.manual_seed(unchecked((long)seed));
        return new FluxTinyBase(new FluxTransformer(FluxPresets.Tiny, device, compute.DType), TinyTextEncoder.CreateFluxTiny(device, compute.DType), RandomName);
    }

    public const string RandomName = "flux-tiny (random init)";

    /// <summary>Writes both models in the layout <see cref="Load"/> reads (float32, the config in the metadata), atomically, never over a file.</summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var tensors = Transformer.state_dict().Select(kv => SafeTensorTorch.ToWrite(kv.Key, kv.Value))
            .Concat(Text.state_dict().Select(kv => SafeTensorTorch.ToWrite(TinyTextEncoder.KeyPrefix + kv.Key, kv.Value)))
            .ToList();
        var withConfig = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [ConfigKey] = FluxParamsJson.ToJson(Transformer.Params),
        };
        SafeTensorsWriter.Write(path, tensors, withConfig);
    }

    public void Dispose()
    {
        Transformer.Dispose();
        Text.Dispose();
    }
}
