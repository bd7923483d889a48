using EpochCompare.Flux.Autoencoder;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.TextEncoders;
using EpochCompare.Flux.TextEncoders.Clip;
using EpochCompare.Flux.TextEncoders.T5;
using EpochCompare.Flux.Tests.Autoencoder;
using EpochCompare.Flux.Tests.TextEncoders;
using EpochCompare.Flux.Transformer;
using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats.Png;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.Pipeline;

/// <summary>
/// The whole real pipeline at a tiny config on the CPU: real tokenizers, random-weight T5 and CLIP with the real
/// vocabularies, prompts encoded once and the encoders freed, a FLUX transformer (dev-style, guidance embedded),
/// Euler over BFL's schedule, the FLUX autoencoder decoding, a PNG per column; the base column, then a LoRA column
/// that swaps only the LoRA on the loaded base.
/// </summary>
public class RealPipelineEndToEndTests
{
    private const int Width = 32, Height = 32, Steps = 3, T5Length = 256;

    [Fact]
    public void PromptToPngWithABaseAndALoraColumn()
    {
        using var temp = new TempDirectory();
        torch.manual_seed(1234);
        const string prompt = "ohwx car, stylized 3D render, “glossy” ﬁnish";

        // Text: encode once, then free both encoders.
        var clipConfig = new ClipTextConfig(49408, 64, 2, 4, 256, 77, ClipActivation.QuickGelu, 1e-5, 49407);
        var t5Config = new T5Config(32128, 64, 16, 4, 96, 2, 32, 128, 1e-6);
        Dictionary<string, FluxTextConditioning> encodings;
        using (var encoder = new FluxPromptEncoder(new T5EncoderModel(t5Config), new ClipTextModel(clipConfig), T5Length))
        {
            encodings = encoder.EncodeAll([prompt, prompt]);
        }
        Assert.Single(encodings);
        FluxTextConditioning text = encodings[prompt];
        Assert.Equal(new long[] { 1, T5Length, 64 }, text.Txt.shape);
        Assert.Equal(new long[] { 1, 64 }, text.Vec.shape);

        using var golden = SafeTensorsFile.Open(GoldenTensors.Goldens("vae").First());
        using FluxAutoencoder vae = AutoencoderGoldenTests.LoadModel(golden);
        FluxParams parameters = FluxPresets.Tiny with
        {
            InChannels = vae.Config.ZChannels * 4,
            OutChannels = vae.Config.ZChannels * 4,
            VecInDim = 64,
            ContextInDim = 64,
            HiddenSize = 64,
            NumHeads = 2,
            Depth = 1,
            DepthSingleBlocks = 1,
            AxesDim = [8, 12, 12],
            GuidanceEmbed = true,
        };
        using var transformer = new FluxTransformer(parameters);
        transformer.eval();

        string basePng = temp.File("base.png");
        byte[] baseRgb = SampleToPng(transformer, vae, text, seed: 7, basePng);

        using LoRANetwork lora = LoRANetwork.CreateForTraining(transformer, LoraTargets.Default(parameters), rank: 2, alpha: 2);
        RandomizeUp(lora);
        lora.Apply();
        string loraPng = temp.File("epoch-000001.png");
        byte[] loraRgb = SampleToPng(transformer, vae, text, seed: 7, loraPng);
        lora.Remove();
        byte[] baseAgain = SampleToPng(transformer, vae, text, seed: 7, temp.File("base-again.png"));

        foreach (string png in new[] { basePng, loraPng })
        {
            // PNG signature, then IHDR: width and height big-endian at bytes 16..23.
            byte[] bytes = File.ReadAllBytes(png);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            Assert.Equal((Width, Height), (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20))));
        }
        Assert.NotEqual(baseRgb, loraRgb);
        Assert.Equal(baseRgb, baseAgain);
        foreach (FluxTextConditioning encoding in encodings.Values)
        {
            encoding.Dispose();
        }
    }

    /// <summary>Noise from the seed, Euler over BFL's shifted schedule with guidance 3.5, unpack, decode, PNG.</summary>
    private static byte[] SampleToPng(FluxTransformer transformer, FluxAutoencoder vae, FluxTextConditioning text, ulong seed, string path)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        int factor = vae.Config.DownscaleFactor;
        int latentHeight = Height / factor, latentWidth = Width / factor;
        using var generator = new torch.Generator(seed);
        Tensor latent = torch.randn([1, vae.Config.ZChannels, latentHeight, latentWidth], generator: generator);
        Tensor img = LatentPatches.Pack(latent);
        int tokenHeight = latentHeight / 2, tokenWidth = latentWidth / 2;
        Tensor imgIds = torch.tensor(LatentPacking.ImageIds(1, tokenHeight, tokenWidth), [1, tokenHeight * tokenWidth, 3]);
        Tensor txtIds = torch.zeros(1, text.Txt.shape[1], 3);
        double[] schedule = FluxSchedule.Get(Steps, tokenHeight * tokenWidth, shift: true);
        for (int i = 0; i < Steps; i++)
        {
            Tensor t = torch.tensor(new[] { (float)schedule[i] });
            Tensor velocity = transformer.forward(new FluxInput(img, imgIds, text.Txt, txtIds, t, text.Vec, torch.tensor(new[] { 3.5f })));
            img = img + (float)(schedule[i + 1] - schedule[i]) * velocity;
        }
        Tensor pixels = vae.Decode(LatentPatches.Unpack(img, latentHeight, latentWidth))[0];
        byte[] rgb = PixelBytes.ToRgb(GoldenTensors.Floats(pixels), Width, Height);
        PngEncoder.Save(RgbaImage.FromRgb(rgb, Width, Height), path);
        return rgb;
    }

    [Fact]
    public void ALoraOfAnotherWidthIsRefusedWithOneLineBeforeAnythingIsWritten()
    {
        using var temp = new TempDirectory();
        FluxParams trained = FluxPresets.Tiny with { Depth = 1, DepthSingleBlocks = 1 };
        FluxParams other = trained with { HiddenSize = 64, AxesDim = [8, 12, 12] };
        string loraPath = temp.File("Style_Demo-000025.safetensors");
        using (var model = new FluxTransformer(trained))
        using (LoRANetwork lora = LoRANetwork.CreateForTraining(model, LoraTargets.Default(trained), rank: 2, alpha: 2))
        {
            KohyaLoraFile.Write(loraPath, lora.ToWeights());
        }
        string output = Directory.CreateDirectory(temp.File("out")).FullName;

        var error = Assert.Throws<InvalidDataException>(() => LoraFile.Read(loraPath, other));

        Assert.StartsWith("Style_Demo-000025.safetensors: LoRA module", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));
    }

    private static void RandomizeUp(LoRANetwork network)
    {
        using var noGrad = torch.no_grad();
        using var generator = new torch.Generator(11);
        foreach (LoRAModule module in network.Modules)
        {
            module.Up.weight.copy_((torch.rand(module.Up.weight.shape, generator: generator) - 0.5) * 2.0);
        }
    }
}
