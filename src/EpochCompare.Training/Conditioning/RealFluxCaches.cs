using EpochCompare.Flux.Autoencoder;
using EpochCompare.Flux.RealModel;
using EpochCompare.Flux.TextEncoders;
using EpochCompare.Flux.Weights;
using EpochCompare.Training.Config;
using EpochCompare.Training.Data;
using static TorchSharp.torch;

namespace EpochCompare.Training.Conditioning;

/// <summary>
/// kohya's <c>cache_text_encoder_outputs</c> and <c>cache_latents</c>, in the order a GPU's memory allows: T5-XXL and
/// CLIP-L load, encode each distinct caption once (plus "" when captions drop out) and are freed; then the
/// autoencoder loads, encodes each training image once (its mirror too with --flip-aug; the posterior's mean, then
/// <c>(z - shift) * scale</c>) and is freed. Only then may the transformer load.
/// </summary>
public static class RealFluxCaches
{
    public static CachedConditioning Build(FluxPipelineFiles files, KohyaDataset dataset, TrainSettings settings, Device device, Action<string> log)
    {
        var captions = dataset.Images.Select(i => i.Caption).ToList();
        if (settings.CaptionDropout > 0)
        {
            captions.Add("");
        }
        // Text encoders: fp8 files stay fp8 (upcast per layer); --fp8-base is about the transformer.
        EncodedPrompts encodings = files.EncodePrompts(captions, device, new LoadPrecision(settings.Compute.DType, Float8Mode.Keep));
        try
        {
            log($"cached {captions.Distinct(StringComparer.Ordinal).Count()} caption encoding(s); text encoders freed");
            Dictionary<(int, bool), float[]> latents = EncodeLatents(files, dataset, settings, device);
            log($"cached {latents.Count} latent(s); autoencoder freed");
            return new CachedConditioning(latents, encodings, files.AutoencoderConfig.ZChannels, files.AutoencoderConfig.DownscaleFactor);
        }
        catch
        {
            encodings.Dispose();
            throw;
        }
    }

    private static Dictionary<(int, bool), float[]> EncodeLatents(FluxPipelineFiles files, KohyaDataset dataset, TrainSettings settings, Device device)
    {
        // As sample: the autoencoder in the compute dtype on CUDA, float32 on the CPU.
        ScalarType dtype = settings.Compute.IsCuda ? settings.Compute.DType : ScalarType.Float32;
        using FluxAutoencoder vae = files.LoadAutoencoder(device, dtype);
        var autoencoder = new FluxImageAutoencoder(vae);
        var latents = new Dictionary<(int, bool), float[]>();
        var mirrored = new float[3 * dataset.Width * dataset.Height];
        for (int image = 0; image < dataset.Images.Count; image++)
        {
            latents[(image, false)] = autoencoder.Encode(dataset.Planes(image), 1, dataset.Height, dataset.Width);
            if (settings.FlipAugment)
            {
                ImagePlanes.FlipHorizontal(dataset.Planes(image), mirrored, dataset.Width);
                latents[(image, true)] = autoencoder.Encode(mirrored, 1, dataset.Height, dataset.Width);
            }
        }
        return latents;
    }
}
