using EpochCompare.Flux.Checkpoints;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Flux.Transformer;
using EpochCompare.Training.Config;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace EpochCompare.Training.Loop;

/// <summary>
/// What a run trains: the FLUX transformer, its text encoder and the autoencoder boundary, plus which
/// parameters the optimizer moves: the LoRA network beside the frozen base (kohya's <c>network_train_unet_only</c>),
/// or every weight of the transformer and the text encoder in full fine-tune mode. Trainable parameters are
/// named as they are saved: kohya LoRA keys, or the base checkpoint's keys.
/// </summary>
public sealed class TrainingModel : IDisposable
{
    private TrainingModel(FluxTinyBase model, LoRANetwork? network, TrainMode mode, IReadOnlyList<(string Name, Parameter Parameter)> trainable)
    {
        Base = model;
        Network = network;
        Mode = mode;
        Trainable = trainable;
    }

    /// <summary>The transformer and text encoder (in full mode, the weights being trained).</summary>
    public FluxTinyBase Base { get; }

    public FluxTransformer Flux => Base.Transformer;

    public TinyTextEncoder Text => Base.Text;

    /// <summary>The LoRA modules hooked beside the base Linears (LoRA mode), else null.</summary>
    public LoRANetwork? Network { get; }

    public IImageAutoencoder Autoencoder { get; } = CreateAutoencoder();

    /// <summary>The image boundary training works in: flux-tiny's pixel space.</summary>
    public static IImageAutoencoder CreateAutoencoder() => new PixelUnshuffleAutoencoder();

    public TrainMode Mode { get; }

    /// <summary>Every parameter the optimizer updates, by the key it is saved under.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Trainable { get; }

    /// <summary>The base model's file name (or "flux-tiny (random init)"), for metadata.</summary>
    public string BaseName => Base.Name;

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
                IEnumerable<string> targets = LoraModuleSelection.Resolve(settings.NetworkModules, flux);
                // lora_down starts as nn.Linear does, from LibTorch's generator: seeded so a run is reproducible.
                torch.random.manual_seed(unchecked((long)Noise.RandomStreams.Seed(settings.Seed, Noise.RandomStreams.Purpose.Initialisation, 0)));
                // The LoRA trains in float32 whatever the base's dtype (kohya's mixed precision keeps it so).
                LoRANetwork network = LoRANetwork.CreateForTraining(flux, targets, settings.NetworkDim, (float)settings.EffectiveAlpha);
                foreach (Parameter p in text.parameters())
                {
                    p.requires_grad = false;
                }
                network.Apply();
                var trainable = network.named_parameters().Select(p => (p.name, p.parameter)).ToList();
                return new TrainingModel(loaded, network, settings.Mode, trainable);
            }
            var all = flux.named_parameters().Select(p => (p.name, p.parameter))
                .Concat(text.named_parameters().Select(p => (TinyTextEncoder.KeyPrefix + p.name, p.parameter)))
                .ToList();
            foreach (var (_, p) in all)
            {
                p.requires_grad = true;
            }
            return new TrainingModel(loaded, null, settings.Mode, all);
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Network?.Dispose();
        Base.Dispose();
    }
}
