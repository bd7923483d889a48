using EpochCompare.Flux.Autoencoder;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.TextEncoders.Clip;
using EpochCompare.Flux.TextEncoders.T5;
using EpochCompare.Flux.Transformer;
using EpochCompare.Flux.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Cli.Tests;

/// <summary>
/// The four FLUX.1 files at a tiny config, under their real key names and in the real files' dtypes (transformer
/// BF16, text encoders F16, autoencoder F32), laid out the way ComfyUI keeps them, plus kohya LoRA epochs. The
/// text encoders keep the real vocabularies, so the real tokenizers run. Random weights from fixed seeds.
/// </summary>
internal static class TinyRealFlux
{
    public static readonly ClipTextConfig Clip = new(49408, 64, 1, 1, 128, 77, ClipActivation.QuickGelu, 1e-5, 49407);
    public static readonly T5Config T5 = new(32128, 32, 8, 4, 48, 1, 32, 128, 1e-6);
    public static readonly AutoencoderConfig Vae = new(3, 32, 3, [1, 2], 1, 16, 0.3611, 0.1159);

    /// <summary>In 64 = 16 latent channels in 2x2 patches; head dim 32, so the inferred rope axes are [4, 14, 14].</summary>
    public static FluxParams Transformer(bool dev) => FluxPresets.Dev with
    {
        VecInDim = Clip.HiddenSize,
        ContextInDim = T5.DModel,
        HiddenSize = 64,
        NumHeads = 2,
        Depth = 1,
        DepthSingleBlocks = 1,
        AxesDim = [4, 14, 14],
        GuidanceEmbed = dev,
    };

    /// <summary>Writes <c>models/{unet,clip,vae}/</c> under <paramref name="root"/>; returns the transformer's path.</summary>
    public static string WriteComfyFolder(string root, bool dev, int seed = 7)
    {
        string models = Path.Combine(root, "models");
        string unet = Directory.CreateDirectory(Path.Combine(models, "unet")).FullName;
        string clip = Directory.CreateDirectory(Path.Combine(models, "clip")).FullName;
        string vae = Directory.CreateDirectory(Path.Combine(models, "vae")).FullName;
        torch.manual_seed(seed);
        string transformer = Path.Combine(unet, dev ? "flux1-dev.safetensors" : "flux1-schnell.safetensors");
        using (var model = new FluxTransformer(Transformer(dev)))
        {
            Save(model, transformer, SafeTensorDType.BF16);
        }
        using (var model = new ClipTextModel(Clip))
        {
            Save(model, Path.Combine(clip, "clip_l.safetensors"), SafeTensorDType.F16);
        }
        using (var model = new T5EncoderModel(T5))
        {
            Save(model, Path.Combine(clip, "t5xxl_fp16.safetensors"), SafeTensorDType.F16);
        }
        using (var model = new FluxAutoencoder(Vae))
        {
            InitGroupNorms(model);
            Save(model, Path.Combine(vae, "ae.safetensors"), SafeTensorDType.F32);
        }
        return transformer;
    }

    /// <summary>kohya LoRA epochs <c>Style_Demo-00000{e}.safetensors</c> for <paramref name="parameters"/>, each with its own random up weights.</summary>
    public static string WriteLoraFolder(string folder, FluxParams parameters, params int[] epochs)
    {
        Directory.CreateDirectory(folder);
        using var model = new FluxTransformer(parameters);
        foreach (int epoch in epochs)
        {
            using LoRANetwork lora = LoRANetwork.CreateForTraining(model, LoraTargets.Default(parameters), rank: 2, alpha: 2);
            using (torch.no_grad())
            using (var generator = new torch.Generator((ulong)(100 + epoch)))
            {
                foreach (LoRAModule module in lora.Modules)
                {
                    module.Down.weight!.copy_(torch.randn(module.Down.weight.shape, generator: generator) * 0.5);
                    module.Up.weight!.copy_(torch.randn(module.Up.weight.shape, generator: generator) * 0.5);
                }
            }
            KohyaLoraFile.Write(Path.Combine(folder, $"Style_Demo-{epoch:D6}.safetensors"), lora.ToWeights());
        }
        return folder;
    }

    /// <summary>
    /// TorchSharp's GroupNorm leaves its affine parameters uninitialised here (NaN or garbage now and then, seen in the
    /// encoder's output); set them as PyTorch does (weight 1, bias 0) so the autoencoder's output is finite and fixed.
    /// </summary>
    private static void InitGroupNorms(nn.Module model)
    {
        using var noGrad = torch.no_grad();
        foreach (var (_, module) in model.named_modules())
        {
            if (module is TorchSharp.Modules.GroupNorm norm)
            {
                norm.weight?.fill_(1f);
                norm.bias?.zero_();
            }
        }
    }

    private static void Save(nn.Module module, string path, SafeTensorDType dtype)
    {
        // Parameters and persistent buffers by their checkpoint names, as a real file holds them.
        var tensors = ModuleWeights.Targets(module).Select(entry =>
        {
            using Tensor values = entry.Value.detach().to_type(ScalarType.Float32).contiguous();
            return new SafeTensorToWrite(entry.Key, dtype, values.shape, values.data<float>().ToArray());
        }).ToList();
        SafeTensorsWriter.Write(path, tensors);
    }
}
