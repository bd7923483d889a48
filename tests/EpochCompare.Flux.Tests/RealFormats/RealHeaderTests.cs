using EpochCompare.Flux.Autoencoder;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Weights;
using EpochCompare.Flux.TextEncoders.Clip;
using EpochCompare.Flux.TextEncoders.T5;
using EpochCompare.Flux.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.RealFormats;

/// <summary>
/// The real files' headers (every key, dtype, shape; sparse, no data) are recognised in every layout users have
/// and map onto the models built on the meta device with no missing, unexpected or mis-shaped key.
/// </summary>
public class RealHeaderTests
{
    private static void AssertExact(StateDictReport report) => Assert.True(report.IsExact, report.ToString());

    private static long ParameterCount(nn.Module model) => ModuleWeights.Targets(model).Values.Sum(t => t.numel());

    [Theory]
    [InlineData(true, 780)]
    [InlineData(false, 776)]
    public void FluxTransformerHeaderMapsOntoTheMetaModelAndCounts119B(bool dev, int keys)
    {
        using var temp = new TempDirectory();
        string path = temp.File(dev ? "flux1-dev.safetensors" : "flux1-schnell.safetensors");
        List<RawTensor> header = RealHeaders.FluxTransformer(dev);
        RawSafeTensors.Write(path, header);
        Assert.Equal(keys, header.Count);

        using var file = EpochCompare.Flux.SafeTensors.SafeTensorsFile.Open(path);
        using var model = new FluxTransformer(dev ? FluxPresets.Dev : FluxPresets.Schnell, META, ScalarType.BFloat16);
        var source = new TensorSource(file);
        AssertExact(ModuleWeights.Check(model, source));
        Assert.Equal(source.ElementCount, ParameterCount(model));
        Assert.InRange(source.ElementCount, 11_850_000_000L, 11_950_000_000L);
        // The sparse 23.8 GB file occupies (almost) no disk.
        Assert.True(new FileInfo(path).Length > 23_000_000_000L);
    }

    [Fact]
    public void ClipLHeaderIsRecognisedInferredAndMaps()
    {
        using var temp = new TempDirectory();
        string path = temp.File("clip_l.safetensors");
        RawSafeTensors.Write(path, RealHeaders.ClipL());
        using var weights = ComponentWeights.Open(path, ModelComponent.ClipL);
        Assert.Equal("separate file", weights.Layout);
        ClipTextConfig config = ClipTextModel.InferConfig(weights.Source, weights.Name);
        Assert.Equal(ClipTextConfig.ClipL, config);
        using var model = new ClipTextModel(config, META);
        AssertExact(ModuleWeights.Check(model, weights.Source, ClipTextModel.IsKnownExtra));
        Assert.Equal(weights.Source.ElementCount, ParameterCount(model));
        Assert.Equal(123_060_480L, ParameterCount(model));
    }

    [Theory]
    [InlineData("F16", false)]
    [InlineData("F8_E4M3", false)]
    [InlineData("F16", true)]
    public void T5XxlHeaderIsRecognisedInferredAndMaps(string linearDType, bool tiedCopy)
    {
        using var temp = new TempDirectory();
        string path = temp.File(linearDType == "F16" ? "t5xxl_fp16.safetensors" : "t5xxl_fp8_e4m3fn.safetensors");
        RawSafeTensors.Write(path, RealHeaders.T5Xxl(linearDType: linearDType, tiedCopy: tiedCopy));
        using var weights = ComponentWeights.Open(path, ModelComponent.T5);
        T5Config config = T5EncoderModel.InferConfig(weights.Source, weights.Name);
        Assert.Equal(T5Config.T5Xxl, config);
        using var model = new T5EncoderModel(config, META);
        AssertExact(ModuleWeights.Check(model, weights.Source, k => k == T5EncoderModel.TiedEmbeddingKey));
        Assert.Equal(4_762_310_656L, ParameterCount(model));
    }

    [Fact]
    public void AutoencoderHeaderMaps()
    {
        using var temp = new TempDirectory();
        string path = temp.File("ae.safetensors");
        RawSafeTensors.Write(path, RealHeaders.Autoencoder(diffusers: false));
        using var weights = ComponentWeights.Open(path, ModelComponent.Autoencoder);
        using var model = new FluxAutoencoder(AutoencoderConfig.Flux1, META);
        AssertExact(ModuleWeights.Check(model, weights.Source));
        Assert.Equal(weights.Source.ElementCount, ParameterCount(model));
        Assert.Equal(83_819_683L, ParameterCount(model));
    }

    [Fact]
    public void ComfyUiAllInOneCheckpointYieldsEveryComponent()
    {
        using var temp = new TempDirectory();
        string path = temp.File("flux1-dev-fp8.safetensors");
        RawSafeTensors.Write(path,
        [
            .. RealHeaders.FluxTransformer(dev: true, dtype: "F8_E4M3", prefix: "model.diffusion_model."),
            .. RealHeaders.Autoencoder(diffusers: false, prefix: "vae."),
            .. RealHeaders.ClipL(prefix: "text_encoders.clip_l.transformer."),
            .. RealHeaders.T5Xxl(prefix: "text_encoders.t5xxl.transformer.", linearDType: "F8_E4M3"),
        ]);

        using (var clip = ComponentWeights.Open(path, ModelComponent.ClipL))
        using (var model = new ClipTextModel(ClipTextConfig.ClipL, META))
        {
            Assert.Equal("bundled under 'text_encoders.clip_l.transformer.'", clip.Layout);
            AssertExact(ModuleWeights.Check(model, clip.Source, ClipTextModel.IsKnownExtra));
        }
        using (var t5 = ComponentWeights.Open(path, ModelComponent.T5))
        using (var model = new T5EncoderModel(T5Config.T5Xxl, META))
        {
            AssertExact(ModuleWeights.Check(model, t5.Source));
        }
        using (var vae = ComponentWeights.Open(path, ModelComponent.Autoencoder))
        using (var model = new FluxAutoencoder(AutoencoderConfig.Flux1, META))
        {
            Assert.Equal("bundled under 'vae.'", vae.Layout);
            AssertExact(ModuleWeights.Check(model, vae.Source));
        }
        using var file = EpochCompare.Flux.SafeTensors.SafeTensorsFile.Open(path);
        using var transformer = new FluxTransformer(FluxPresets.Dev, META, ScalarType.BFloat16);
        AssertExact(ModuleWeights.Check(transformer, new TensorSource(file, "model.diffusion_model.")));
    }

    [Fact]
    public void DiffusersRepositoryFoldersYieldEveryComponent()
    {
        using var temp = new TempDirectory();
        string root = DiffusersRepository.Write(temp.Path);

        using (var clip = ComponentWeights.Open(root, ModelComponent.ClipL))
        using (var model = new ClipTextModel(ClipTextConfig.ClipL, META))
        {
            AssertExact(ModuleWeights.Check(model, clip.Source, ClipTextModel.IsKnownExtra));
        }
        using (var t5 = ComponentWeights.Open(root, ModelComponent.T5))
        using (var model = new T5EncoderModel(T5Config.T5Xxl, META))
        {
            AssertExact(ModuleWeights.Check(model, t5.Source));
        }
        using (var vae = ComponentWeights.Open(Path.Combine(root, "vae"), ModelComponent.Autoencoder))
        using (var model = new FluxAutoencoder(AutoencoderConfig.Flux1, META))
        {
            Assert.Equal("diffusers AutoencoderKL names", vae.Layout);
            AssertExact(ModuleWeights.Check(model, vae.Source));
        }
    }
}
