using EpochCompare.Flux.Autoencoder;
using EpochCompare.Flux.RealModel;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Training.Conditioning;
using EpochCompare.Training.Config;
using EpochCompare.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Cli.Tests;

/// <summary>
/// kohya's cache_latents and cache_text_encoder_outputs for the real FLUX.1 path: each cached latent is the
/// autoencoder's posterior mean scaled by hand, (z - 0.1159) * 0.3611 at this config's factors; mirrors are cached with
/// --flip-aug; each distinct caption (and "" for caption dropout) is encoded once.
/// </summary>
public sealed class RealFluxCachesTests() : ScratchFolder("ec-realcache-")
{
    [Fact]
    public void Cached_latents_equal_the_encoder_mean_scaled_and_each_caption_is_encoded_once()
    {
        string comfy = Path.Combine(Dir, "ComfyUI");
        TinyRealFlux.WriteComfyFolder(comfy, dev: true);
        string data = RealFluxTrainCommandTests.WriteDataset(Dir);
        KohyaDataset dataset = KohyaDataset.Load(new DatasetOptions { Root = data, Width = 32, Height = 32 }, _ => { });
        var settings = new TrainSettings { FlipAugment = true, CaptionDropout = 0.5 };
        var log = new List<string>();
        using FluxPipelineFiles files = FluxPipelineFiles.Open(FluxModelFiles.Resolve(FluxVariant.Dev, comfy, null, null, null, null), FluxVariant.Dev);

        using CachedConditioning caches = RealFluxCaches.Build(files, dataset, settings, CPU, log.Add);

        Assert.Equal(["cached 2 caption encoding(s); text encoders freed", "cached 4 latent(s); autoencoder freed"], log);
        Assert.Equal(4, caches.LatentCount);
        using FluxAutoencoder vae = files.LoadAutoencoder(CPU, ScalarType.Float32);
        using (no_grad())
        {
            for (int image = 0; image < dataset.Images.Count; image++)
            {
                using var scope = NewDisposeScope();
                Tensor pixels = tensor(dataset.Planes(image).ToArray(), [1, 3, 32, 32]);
                foreach (bool flipped in new[] { false, true })
                {
                    Tensor input = flipped ? pixels.flip(3) : pixels;
                    Tensor mean = vae.Encoder.forward(input).chunk(2, 1)[0];
                    float[] expected = ((mean - 0.1159) * 0.3611).contiguous().data<float>().ToArray();
                    float[] cached = caches.LatentOf(image, flipped);
                    int side = 32 / files.AutoencoderConfig.DownscaleFactor; // the tiny autoencoder halves once
                    Assert.Equal(16 * side * side, cached.Length);
                    for (int i = 0; i < expected.Length; i++)
                    {
                        Assert.Equal(expected[i], cached[i], 5);
                    }
                }
            }
            Assert.NotEqual(caches.LatentOf(0, false), caches.LatentOf(0, true));
        }

        // Both the caption and the dropout's empty caption are there; they differ, and a batch concatenates them.
        using (var scope = NewDisposeScope())
        {
            TextConditioning both = caches.Text([RealFluxTrainCommandTests.Caption, ""]);
            Assert.Equal([2L, 512L, TinyRealFlux.T5.DModel], both.Context.shape);
            Assert.Equal([2L, (long)TinyRealFlux.Clip.HiddenSize], both.Pooled.shape);
            Assert.False(both.Context[0].allclose(both.Context[1]));
        }
        Assert.Throws<InvalidOperationException>(() => caches.Text(["a caption that is not in the dataset"]));
    }
}
