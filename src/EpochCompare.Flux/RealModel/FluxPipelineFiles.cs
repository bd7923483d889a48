using EpochCompare.Flux.Autoencoder;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Weights;
using EpochCompare.Flux.TextEncoders;
using EpochCompare.Flux.TextEncoders.Clip;
using EpochCompare.Flux.TextEncoders.T5;
using EpochCompare.Flux.Transformer;
using static TorchSharp.torch;

namespace EpochCompare.Flux.RealModel;

/// <summary>
/// The four FLUX.1 parts opened and checked (headers only: every key of each part fits the model its shapes
/// describe, T5 given as CLIP and the like refused by name) before anything is loaded or written. Then loaded in the
/// order a GPU's memory allows: <see cref="EncodePrompts"/> loads T5-XXL and CLIP-L, encodes every prompt once and
/// frees both; only then <see cref="LoadTransformer"/> and <see cref="LoadAutoencoder"/>.
/// </summary>
public sealed class FluxPipelineFiles : IDisposable
{
    private readonly ComponentWeights _clip;
    private readonly ComponentWeights _t5;
    private readonly ComponentWeights _vae;
    private readonly ClipTextConfig _clipConfig;
    private readonly T5Config _t5Config;

    private FluxPipelineFiles(FluxVariant variant, TransformerCheckpoint transformer, ComponentWeights clip, ComponentWeights t5, ComponentWeights vae,
        ClipTextConfig clipConfig, T5Config t5Config, AutoencoderConfig vaeConfig)
    {
        Variant = variant;
        Transformer = transformer;
        _clip = clip;
        _t5 = t5;
        _vae = vae;
        _clipConfig = clipConfig;
        _t5Config = t5Config;
        AutoencoderConfig = vaeConfig;
    }

    public FluxVariant Variant { get; }

    public TransformerCheckpoint Transformer { get; }

    public FluxParams TransformerParams => Transformer.Params;

    public AutoencoderConfig AutoencoderConfig { get; }

    public static FluxPipelineFiles Open(FluxModelFiles files, FluxVariant variant)
    {
        var opened = new List<IDisposable>();
        try
        {
            TransformerCheckpoint transformer = Track(opened, TransformerCheckpoint.Open(files.Transformer));
            CheckTransformer(transformer, variant);
            ComponentWeights clip = Track(opened, ComponentWeights.Open(files.ClipL, ModelComponent.ClipL));
            ComponentWeights t5 = Track(opened, ComponentWeights.Open(files.T5, ModelComponent.T5));
            ComponentWeights vae = Track(opened, ComponentWeights.Open(files.Autoencoder, ModelComponent.Autoencoder));
            ClipTextConfig clipConfig = ClipTextModel.InferConfig(clip.Source, clip.Name);
            T5Config t5Config = T5EncoderModel.InferConfig(t5.Source, t5.Name);
            AutoencoderConfig vaeConfig = AutoencoderConfigInference.Infer(vae.Source, vae.Name);
            CheckFits(new ClipTextModel(clipConfig, META), clip, ClipTextModel.IsKnownExtra);
            CheckFits(new T5EncoderModel(t5Config, META), t5, key => key == T5EncoderModel.TiedEmbeddingKey);
            CheckFits(new FluxAutoencoder(vaeConfig, META), vae, null);
            FluxParams p = transformer.Params;
            if (t5Config.DModel != p.ContextInDim || clipConfig.HiddenSize != p.VecInDim || vaeConfig.ZChannels * 4 != p.InChannels)
            {
                throw new InvalidDataException($"{transformer.Name}: takes T5 width {p.ContextInDim}, CLIP width {p.VecInDim} and {p.InChannels / 4} latent channels, "
                    + $"but {t5.Name} is {t5Config.DModel} wide, {clip.Name} {clipConfig.HiddenSize} and {vae.Name} has {vaeConfig.ZChannels} latent channels.");
            }
            return new FluxPipelineFiles(variant, transformer, clip, t5, vae, clipConfig, t5Config, vaeConfig);
        }
        catch
        {
            opened.ForEach(d => d.Dispose());
            throw;
        }
    }

    /// <summary>Loads T5 and CLIP, encodes each distinct prompt once, frees both encoders; the encodings stay on <paramref name="device"/>.</summary>
    public EncodedPrompts EncodePrompts(IEnumerable<string> prompts, Device device, LoadPrecision precision)
    {
        T5EncoderModel t5 = T5EncoderModel.Load(_t5.Source, _t5.Name, _t5Config, device, precision);
        ClipTextModel clip;
        try
        {
            clip = ClipTextModel.Load(_clip.Source, _clip.Name, _clipConfig, device, precision);
        }
        catch
        {
            t5.Dispose();
            throw;
        }
        using var encoder = new FluxPromptEncoder(t5, clip, Variant.T5Length);
        return new EncodedPrompts(encoder.EncodeAll(prompts));
    }

    /// <param name="placement">Where a weight goes instead of <paramref name="device"/> (the block offload's CPU); null: all on the device.</param>
    public FluxTransformer LoadTransformer(Device device, LoadPrecision precision, Func<string, Device, Device>? placement = null) =>
        TransformerLoader.Load(Transformer, device, precision, placement is null ? null : key => placement(key, device));

    /// <summary>The autoencoder in <paramref name="dtype"/> (never fp8: it is small and its convolutions are not Linears).</summary>
    public FluxAutoencoder LoadAutoencoder(Device device, ScalarType dtype) =>
        FluxAutoencoder.Load(_vae.Source, _vae.Name, AutoencoderConfig, device, dtype);

    public void Dispose()
    {
        Transformer.Dispose();
        _clip.Dispose();
        _t5.Dispose();
        _vae.Dispose();
    }

    private static T Track<T>(List<IDisposable> opened, T item)
        where T : IDisposable
    {
        opened.Add(item);
        return item;
    }

    /// <summary>A FLUX.1 transformer (any layout, diffusers folders too) of the asked variant whose every key fits the model its shapes describe.</summary>
    private static void CheckTransformer(TransformerCheckpoint transformer, FluxVariant variant)
    {
        if (transformer.Params.GuidanceEmbed != variant.GuidanceEmbedded)
        {
            string actual = transformer.Params.GuidanceEmbed ? "a guidance-distilled (dev-type) transformer" : "a transformer without guidance input (schnell-type)";
            throw new InvalidDataException($"{transformer.Name}: {actual}, but --model is {variant.Name}.");
        }
        StateDictReport report = TransformerLoader.Check(transformer);
        if (!report.IsExact)
        {
            throw new InvalidDataException($"{transformer.Name}: checkpoint does not fit the FLUX transformer it describes: {report}.");
        }
    }

    private static void CheckFits(TorchSharp.torch.nn.Module meta, ComponentWeights weights, Func<string, bool>? ignore)
    {
        using (meta)
        {
            StateDictReport report = ModuleMaterializer.Check(meta, weights.Source, ignore);
            if (!report.IsExact)
            {
                throw new InvalidDataException($"{weights.Name}: weights do not fit the {weights.Component.Title()} they describe: {report}.");
            }
        }
    }
}
