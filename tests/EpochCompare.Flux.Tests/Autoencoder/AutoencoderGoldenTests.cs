using EpochCompare.Flux.Autoencoder;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Tests.TextEncoders;
using EpochCompare.Flux.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.Autoencoder;

/// <summary>The FLUX autoencoder against BFL's autoencoder.py run in PyTorch (Fixtures/vae, every golden file).</summary>
public class AutoencoderGoldenTests
{
    private const double Tolerance = 1e-5;
    private const double GradientTolerance = 1e-4;

    public static TheoryData<string> Goldens() => GoldenTensors.GoldenNames("vae");

    private static SafeTensorsFile OpenGolden(string name) => SafeTensorsFile.Open(FixturePaths.File(Path.Combine("vae", name)));

    internal static FluxAutoencoder LoadModel(SafeTensorsFile golden)
    {
        AutoencoderConfig config = AutoencoderConfig.FromJson(golden.Metadata["config"], golden.Path);
        using var weights = SafeTensorsFile.Open(Path.Combine(Path.GetDirectoryName(golden.Path)!, golden.Metadata["weights"]));
        return FluxAutoencoder.Load(new TensorSource(weights), Path.GetFileName(weights.Path), config);
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void EncoderMomentsLatentAndIntermediatesMatch(string name)
    {
        using var golden = OpenGolden(name);
        using FluxAutoencoder model = LoadModel(golden);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor image = GoldenTensors.Read(golden, "input.image");

        var intermediates = new List<Tensor>();
        Tensor moments = model.Encoder.Forward(image, intermediates);
        GoldenTensors.Close(moments, golden, "output.moments", Tolerance);
        GoldenTensors.Close(moments.chunk(2, 1)[0], golden, "output.mean", Tolerance);
        GoldenTensors.Close(moments.chunk(2, 1)[1], golden, "output.logvar", Tolerance);
        int levels = model.Config.ChMult.Count;
        Assert.Equal(levels + 2, intermediates.Count);
        GoldenTensors.Close(intermediates[0], golden, "intermediate.encoder.conv_in", Tolerance);
        for (int i = 0; i < levels; i++)
        {
            GoldenTensors.Close(intermediates[i + 1], golden, $"intermediate.encoder.down.{i}", Tolerance);
        }
        GoldenTensors.Close(intermediates[^1], golden, "intermediate.encoder.mid", Tolerance);

        GoldenTensors.Close(model.Encode(image), golden, "output.latent", Tolerance);
        GoldenTensors.Close(model.EncodeSampled(image, GoldenTensors.Read(golden, "input.sample_noise")), golden, "output.latent_sampled", Tolerance);
        GoldenTensors.Close(model.forward(image), golden, "output.reconstruction", Tolerance);
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void DecoderOutputAndIntermediatesMatch(string name)
    {
        using var golden = OpenGolden(name);
        using FluxAutoencoder model = LoadModel(golden);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor latent = GoldenTensors.Read(golden, "input.latent");

        Tensor decoderInput = model.Unscale(latent);
        GoldenTensors.Close(decoderInput, golden, "intermediate.decoder_input", Tolerance);
        var intermediates = new List<Tensor>();
        Tensor decoded = model.Decoder.Forward(decoderInput, intermediates);
        GoldenTensors.Close(decoded, golden, "output.decoded", Tolerance);
        GoldenTensors.Close(model.Decode(latent), golden, "output.decoded", Tolerance);
        int levels = model.Config.ChMult.Count;
        GoldenTensors.Close(intermediates[0], golden, "intermediate.decoder.conv_in", Tolerance);
        GoldenTensors.Close(intermediates[1], golden, "intermediate.decoder.mid", Tolerance);
        for (int k = 0; k < levels; k++)
        {
            int level = levels - 1 - k;
            GoldenTensors.Close(intermediates[2 + k], golden, $"intermediate.decoder.up.{level}", Tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void LossGradientThroughTheDecoderMatches(string name)
    {
        using var golden = OpenGolden(name);
        using FluxAutoencoder model = LoadModel(golden);
        using var scope = torch.NewDisposeScope();
        Tensor latent = GoldenTensors.Read(golden, "input.latent").requires_grad_(true);
        Tensor target = GoldenTensors.Read(golden, "input.target");

        Tensor loss = (model.Decode(latent) - target).pow(2).mean();
        loss.backward();

        GoldenTensors.Close(loss.reshape(1), golden, "output.loss", Tolerance);
        GoldenTensors.Close(latent.grad!, golden, "grad.input.latent", GradientTolerance);
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void StateDictKeysAreTheFileKeys(string name)
    {
        using var golden = OpenGolden(name);
        using FluxAutoencoder model = LoadModel(golden);
        using var weights = SafeTensorsFile.Open(Path.Combine(Path.GetDirectoryName(golden.Path)!, golden.Metadata["weights"]));
        Assert.Equal(weights.Names.Order(StringComparer.Ordinal), ModuleWeights.Targets(model).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ClipWeightsGivenAsTheAutoencoderFailWithOneLine()
    {
        using var clip = SafeTensorsFile.Open(FixturePaths.File("clip/clip_l-tiny.safetensors"));
        var error = Assert.Throws<InvalidDataException>(() => FluxAutoencoder.Load(new TensorSource(clip), "clip_l-tiny.safetensors", AutoencoderConfig.Flux1));
        Assert.StartsWith("clip_l-tiny.safetensors: not a FLUX autoencoder", error.Message);
    }
}
