using EpochCompare.Flux.Checkpoints;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Flux.Transformer;
using EpochCompare.Training.Conditioning;
using EpochCompare.Training.Config;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace EpochCompare.Training.Loop;

/// <summary>
/// What a run trains: the FLUX transformer and where its inputs come from (<see cref="Conditioning"/>), plus which
/// parameters the optimizer moves: the LoRA network beside the frozen base (kohya's <c>network_train_unet_only</c>),
/// or, on flux-tiny, every weight of the transformer and the text encoder in full fine-tune mode. Trainable
/// parameters are named as they are saved: kohya LoRA keys, or the base checkpoint's keys.
/// </summary>
public sealed class TrainingModel : IDisposable
{
    private readonly FluxTinyBase? _tiny;
    private readonly ITrainingConditioning _conditioning;

    private TrainingModel(FluxTinyBase? tiny, FluxTransformer flux, string baseName, Func<TrainingModel, ITrainingConditioning> conditioning,
        LoRANetwork? network, TrainMode mode, IReadOnlyList<(string Name, Parameter Parameter)> trainable)
    {
        _tiny = tiny;
        Flux = flux;
        BaseName = baseName;
        Network = network;
        Mode = mode;
        Trainable = trainable;
        _conditioning = conditioning(this);
    }

    /// <summary>flux-tiny's transformer and text encoder (in full mode, the weights being trained); the real FLUX.1 base has none.</summary>
    public FluxTinyBase Base => _tiny ?? throw new InvalidOperationException("the real FLUX.1 base is a transformer only (its text encoders and autoencoder were freed after caching).");

    public bool IsTiny => _tiny is not null;

    public FluxTransformer Flux { get; }

    public TinyTextEncoder Text => Base.Text;

    /// <summary>The LoRA modules hooked beside the base Linears (LoRA mode), else null.</summary>
    public LoRANetwork? Network { get; }

    /// <summary>flux-tiny's image boundary (pixel space), for sampling during training.</summary>
    public IImageAutoencoder Autoencoder { get; } = CreateAutoencoder();

    /// <summary>The image boundary training works in: flux-tiny's pixel space.</summary>
    public static IImageAutoencoder CreateAutoencoder() => new PixelUnshuffleAutoencoder();

    /// <summary>Latents and caption encodings for the objective: live on flux-tiny, cached for FLUX.1.</summary>
    public ITrainingConditioning Conditioning => _conditioning;

    public TrainMode Mode { get; }

    /// <summary>Every parameter the optimizer updates, by the key it is saved under.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Trainable { get; }

    /// <summary>The base model's file name (or "flux-tiny (random init)"), for metadata.</summary>
    public string BaseName { get; }

    /// <summary>Whether the text encoder learns too (full mode); otherwise prompts can be encoded once.</summary>
    public bool TrainsText => Mode == TrainMode.Full;

    public FluxParams Params => Flux.Params;

    public Device Device => Flux.parameters().First().device;

    public static TrainingModel Create(TrainSettings settings, Action<string> warn)
    {
        FluxTinyBase loaded = BaseModelLoader.Load(settings.BaseModel, settings.Seed, settings.Compute, warn);
        (FluxTransformer flux, TinyTextEncoder text) = (loaded.Transformer, loaded.Text);
        try
        {
            if (settings.Mode == TrainMode.Lora)
            {
                foreach (Parameter p in text.parameters())
                {
                    p.requires_grad = false;
                }
                LoRANetwork network = CreateNetwork(settings, flux);
                return new TrainingModel(loaded, flux, loaded.Name, m => new TinyConditioning(m), network, settings.Mode, NamedParameters(network));
            }
            var all = flux.named_parameters().Select(p => (p.name, p.parameter))
                .Concat(text.named_parameters().Select(p => (TinyTextEncoder.KeyPrefix + p.name, p.parameter)))
                .ToList();
            foreach (var (_, p) in all)
            {
                p.requires_grad = true;
            }
            return new TrainingModel(loaded, flux, loaded.Name, m => new TinyConditioning(m), null, settings.Mode, all);
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A LoRA on a real FLUX.1 transformer (taken over, frozen), fed from <paramref name="conditioning"/>'s caches
    /// (taken over too). Full fine-tuning of FLUX.1 is not offered.
    /// </summary>
    public static TrainingModel CreateReal(TrainSettings settings, FluxTransformer transformer, string baseName, ITrainingConditioning conditioning)
    {
        try
        {
            foreach (Parameter p in transformer.parameters())
            {
                p.requires_grad = false;
            }
            LoRANetwork network = CreateNetwork(settings, transformer);
            return new TrainingModel(null, transformer, baseName, _ => conditioning, network, TrainMode.Lora, NamedParameters(network));
        }
        catch
        {
            conditioning.Dispose();
            transformer.Dispose();
            throw;
        }
    }

    private static LoRANetwork CreateNetwork(TrainSettings settings, FluxTransformer flux)
    {
        IEnumerable<string> targets = LoraModuleSelection.Resolve(settings.NetworkModules, flux);
        // lora_down starts as nn.Linear does, from LibTorch's generator: seeded so a run is reproducible.
        torch.random.manual_seed(unchecked((long)Noise.RandomStreams.Seed(settings.Seed, Noise.RandomStreams.Purpose.Initialisation, 0)));
        // The LoRA trains in float32 whatever the base's dtype (kohya's mixed precision keeps it so).
        LoRANetwork network = LoRANetwork.CreateForTraining(flux, targets, settings.NetworkDim, (float)settings.EffectiveAlpha);
        network.Apply();
        return network;
    }

    private static List<(string, Parameter)> NamedParameters(LoRANetwork network) =>
        network.named_parameters().Select(p => (p.name, p.parameter)).ToList();

    public void Dispose()
    {
        _conditioning.Dispose();
        Network?.Dispose();
        if (_tiny is not null)
        {
            _tiny.Dispose();
        }
        else
        {
            Flux.Dispose();
        }
    }
}
