using EpochCompare.Flux.RealModel;
using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.Transformer;
using EpochCompare.Flux.Weights;
using EpochCompare.Training.Conditioning;
using EpochCompare.Training.Config;
using EpochCompare.Training.Data;
using static TorchSharp.torch;

namespace EpochCompare.Training.Loop;

/// <summary>
/// The real FLUX.1 base of a LoRA run: the four files checked (headers only) before anything loads, then the
/// caches filled and their encoders freed (<see cref="RealFluxCaches"/>), then the transformer loaded frozen
/// (fp8 bytes with --fp8-base, or when the file is fp8), checkpointed per block when asked.
/// </summary>
public static class RealFluxBase
{
    public static TrainingModel Load(TrainSettings settings, RealFluxModel real, KohyaDataset dataset, Action<string> log)
    {
        using FluxPipelineFiles files = FluxPipelineFiles.Open(real.Files, real.Variant);
        int grid = files.AutoencoderConfig.DownscaleFactor * LatentPacking.PatchSize;
        if (dataset.Width % grid != 0 || dataset.Height % grid != 0)
        {
            throw new ArgumentException($"--resolution {dataset.Width},{dataset.Height}: must be a multiple of {grid} (the FLUX.1 autoencoder's 8 pixels per latent times 2x2 patches).");
        }
        Device device = settings.Compute.Resolve();
        CachedConditioning caches = RealFluxCaches.Build(files, dataset, settings, device, log);
        FluxTransformer transformer;
        try
        {
            var precision = new LoadPrecision(settings.Compute.DType, settings.Fp8Base ? Float8Mode.Quantize : Float8Mode.Keep);
            transformer = files.LoadTransformer(device, precision);
        }
        catch
        {
            caches.Dispose();
            throw;
        }
        log($"{files.Transformer.Name}: {real.Variant.Name} loaded frozen in {settings.Compute.DTypeName} on {settings.Compute.Name}"
            + (settings.Fp8Base ? ", Linear weights in fp8" : files.Transformer.IsFloat8 ? ", fp8 weights kept in fp8" : "")
            + (settings.GradientCheckpointing ? ", gradient checkpointing per block" : ""));
        if (settings.Fp8Base && !settings.GradientCheckpointing)
        {
            log("note: --fp8-base without --gradient-checkpointing: backward keeps every Linear's decoded weight, so training memory is not halved (see the README's Memory section)");
        }
        transformer.GradientCheckpointing = settings.GradientCheckpointing;
        return TrainingModel.CreateReal(settings, transformer, files.Transformer.Name, caches);
    }
}
