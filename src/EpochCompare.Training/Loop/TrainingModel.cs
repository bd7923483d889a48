using EpochCompare.Flux.TextEncoding.OwnEngine;
using ITextConditioner = EpochCompare.Flux.TextEncoding.OwnEngine.ITextConditioner;
using TextConditioning = EpochCompare.Flux.TextEncoding.OwnEngine.TextConditioning;
using TinyTextEncoder = EpochCompare.Flux.TextEncoding.OwnEngine.TinyTextEncoder;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.Model;
using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Tensors;
using EpochCompare.Training.Config;

namespace EpochCompare.Training.Loop;

/// <summary>
/// What a run trains: the FLUX transformer, its text encoder and the autoencoder boundary, plus which
/// parameters the optimizer moves (the LoRA side paths, or every weight in full fine-tune mode).
/// </summary>
public sealed class TrainingModel
{
    private TrainingModel(FluxModel flux, TinyTextEncoder text, TrainMode mode, IReadOnlyList<Parameter> trainable, string baseName)
    {
        Flux = flux;
        Text = text;
        Mode = mode;
        Trainable = trainable;
        BaseName = baseName;
    }

    public FluxModel Flux { get; }
    public TinyTextEncoder Text { get; }
    public IImageAutoencoder Autoencoder { get; } = CreateAutoencoder();

    /// <summary>The image boundary training works in: flux-tiny's pixel space (the FLUX.1 VAE is not implemented).</summary>
    public static IImageAutoencoder CreateAutoencoder() => new PixelUnshuffleAutoencoder();
    public TrainMode Mode { get; }
    public IReadOnlyList<Parameter> Trainable { get; }

    /// <summary>The base model's file name (or "flux-tiny (random init)"), for metadata.</summary>
    public string BaseName { get; }

    /// <summary>Whether the text encoder learns too (full mode); otherwise prompts can be encoded once.</summary>
    public bool TrainsText => Mode == TrainMode.Full;

    public static TrainingModel Create(TrainSettings settings, Action<string> warn)
    {
        (FluxModel flux, TinyTextEncoder text, string baseName) = BaseModelLoader.Load(settings.BaseModel, settings.Seed, warn);
        IReadOnlyList<Parameter> trainable;
        if (settings.Mode == TrainMode.Lora)
        {
            IEnumerable<string> targets = LoraModuleSelection.Resolve(settings.NetworkModules, flux);
            int initSeed = unchecked((int)Noise.RandomStreams.Seed(settings.Seed, Noise.RandomStreams.Purpose.Initialisation, 0));
            var adapters = FluxLora.AttachForTraining(flux, targets, settings.NetworkDim, (float)settings.EffectiveAlpha, initSeed);
            foreach (Parameter p in TextEncoderWeights.Of(text))
            {
                p.RequiresGrad = false;
            }
            trainable = adapters.SelectMany(a => new[] { a.Down, a.Up }).ToList();
        }
        else
        {
            trainable = [.. flux.Parameters().Select(s => s.Value), .. TextEncoderWeights.Of(text)];
            foreach (Parameter p in trainable)
            {
                p.RequiresGrad = true;
            }
        }
        return new TrainingModel(flux, text, settings.Mode, trainable, baseName);
    }

    public FluxParams Params => Flux.Params;
}
