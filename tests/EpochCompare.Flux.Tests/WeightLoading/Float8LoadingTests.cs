using EpochCompare.Flux.Config;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.TextEncoders.T5;
using EpochCompare.Flux.Tests.TextEncoders;
using EpochCompare.Flux.Tests.Transformer;
using EpochCompare.Flux.Transformer;
using EpochCompare.Flux.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.WeightLoading;

/// <summary>
/// Models built on the meta device and materialised from fp8 files: kept as bytes and upcast per layer, they
/// compute exactly what the same model computes from a float32 file holding the decoded values.
/// </summary>
public class Float8LoadingTests
{
    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static bool IsLinearWeight(string name, IReadOnlyList<long> shape) => name.EndsWith(".weight", StringComparison.Ordinal) && shape.Count == 2;

    [Theory]
    [InlineData(1f)]
    [InlineData(0.021f)]
    public void A_transformer_kept_in_fp8_computes_what_the_decoded_weights_compute(float scale)
    {
        using var temp = new TempDirectory();
        using var golden = new TorchGolden("flux-tiny-schnell.safetensors");
        string fp8Path = temp.File("flux-fp8.safetensors"), decodedPath = temp.File("flux-decoded.safetensors");
        Float8Files.Write(golden.File.Path, "model.", (name, shape) => IsLinearWeight(name, shape), scale, fp8Path, decodedPath);

        using var fp8File = SafeTensorsFile.Open(fp8Path);
        using var decodedFile = SafeTensorsFile.Open(decodedPath);
        using var kept = new FluxTransformer(golden.Params, META);
        StateDictLoader.LoadStrict(kept, fp8File, new LoadPrecision(ScalarType.Float32, Float8Mode.Keep), "");
        using var upcast = new FluxTransformer(golden.Params, META);
        StateDictLoader.LoadStrict(upcast, fp8File, new LoadPrecision(ScalarType.Float32, Float8Mode.Upcast), "");
        using var reference = new FluxTransformer(golden.Params, META);
        StateDictLoader.LoadStrict(reference, decodedFile, "");

        Dictionary<string, Linear> linears = LoRANetwork.Linears(kept);
        Assert.All(linears.Values, l => Assert.Equal(ScalarType.Byte, l.weight!.dtype));
        Assert.All(upcast.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.Equal(ScalarType.Float32, kept.DType);

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor expected = reference.forward(golden.Input(requireGrad: false));
        Assert.True(Same(expected, kept.forward(golden.Input(requireGrad: false))));
        Assert.True(Same(expected, kept.forward(golden.Input(requireGrad: false))), "a second forward (bytes swapped back) differs");
        Assert.True(Same(expected, upcast.forward(golden.Input(requireGrad: false))));
        Assert.All(linears.Values, l => Assert.Equal(ScalarType.Byte, l.weight!.dtype));
    }

    [Fact]
    public void A_lora_runs_beside_fp8_weights_refuses_to_merge_into_them_and_leaves_them_exact()
    {
        using var temp = new TempDirectory();
        using var golden = new TorchGolden("flux-tiny-schnell.safetensors");
        string fp8Path = temp.File("flux-fp8.safetensors"), decodedPath = temp.File("flux-decoded.safetensors");
        Float8Files.Write(golden.File.Path, "model.", (name, shape) => IsLinearWeight(name, shape), 1f, fp8Path, decodedPath);
        using var fp8File = SafeTensorsFile.Open(fp8Path);
        using var decodedFile = SafeTensorsFile.Open(decodedPath);
        using var kept = new FluxTransformer(golden.Params, META);
        StateDictLoader.LoadStrict(kept, fp8File, new LoadPrecision(ScalarType.Float32, Float8Mode.Keep), "");
        using var reference = new FluxTransformer(golden.Params, META);
        StateDictLoader.LoadStrict(reference, decodedFile, "");

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor baseOutput = kept.forward(golden.Input(false));
        using LoRANetwork trained = LoRANetwork.CreateForTraining(reference, LoraTargets.Default(golden.Params), rank: 2, alpha: 2);
        using (var generator = new torch.Generator(21))
        {
            foreach (LoRAModule module in trained.Modules)
            {
                module.Up.weight!.copy_(torch.randn(module.Up.weight.shape, generator: generator) * 0.05);
            }
        }
        LoraWeights weights = trained.ToWeights();
        Tensor merged;
        using (LoRANetwork onReference = LoRANetwork.FromWeights(reference, weights, 1f))
        using (onReference.Merge())
        {
            merged = reference.forward(golden.Input(false));
        }

        using (LoRANetwork onFp8 = LoRANetwork.FromWeights(kept, weights, 1f))
        {
            Assert.False(onFp8.CanMerge);
            Assert.Throws<InvalidOperationException>(() => onFp8.Merge());
            onFp8.Apply();
            Tensor beside = kept.forward(golden.Input(false));
            Assert.False(Same(beside, baseOutput));
            Assert.True(torch.allclose(beside, merged, rtol: 1e-4, atol: 1e-5), $"max diff {(beside - merged).abs().max().item<float>()}");
        }
        Assert.True(Same(baseOutput, kept.forward(golden.Input(false))));
    }

    [Fact]
    public void T5_from_an_fp8_file_keeps_its_linears_as_bytes_and_matches_the_decoded_file()
    {
        using var temp = new TempDirectory();
        string weights = FixturePaths.File(Path.Combine("t5", "t5xxl-tiny.safetensors"));
        using var golden = SafeTensorsFile.Open(FixturePaths.File(Path.Combine("t5", "t5xxl-tiny-golden.safetensors")));
        T5Config config = T5Config.FromJson(golden.Metadata["config"], golden.Path);
        string fp8Path = temp.File("t5xxl_fp8_e4m3fn.safetensors"), decodedPath = temp.File("t5-decoded.safetensors");
        // The real fp8 T5 has its embedding in fp8 too: it is upcast at load (only Linears stay bytes).
        Float8Files.Write(weights, "", (name, shape) => shape.Count == 2 && !name.Contains("relative_attention_bias", StringComparison.Ordinal), 1f, fp8Path, decodedPath);

        using var fp8File = SafeTensorsFile.Open(fp8Path);
        using var decodedFile = SafeTensorsFile.Open(decodedPath);
        using T5EncoderModel kept = T5EncoderModel.Load(new TensorSource(fp8File), "t5xxl_fp8_e4m3fn.safetensors", config, CPU, new LoadPrecision(ScalarType.Float32, Float8Mode.Keep));
        using T5EncoderModel reference = T5EncoderModel.Load(new TensorSource(decodedFile), "t5-decoded.safetensors", config);

        Dictionary<string, Tensor> state = kept.state_dict();
        Assert.Equal(ScalarType.Byte, state["encoder.block.1.layer.1.DenseReluDense.wo.weight"].dtype);
        Assert.Equal(ScalarType.Byte, state["encoder.block.0.layer.0.SelfAttention.q.weight"].dtype);
        Assert.Equal(ScalarType.Float32, state["shared.weight"].dtype);
        Assert.Equal(ScalarType.Float32, state["encoder.final_layer_norm.weight"].dtype);

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor ids = GoldenTensors.Read(golden, "input.ids");
        using T5EncoderOutput expected = reference.forward(ids);
        using T5EncoderOutput actual = kept.forward(ids);
        Assert.True(Same(expected.LastHiddenState, actual.LastHiddenState));
    }

    [Fact]
    public void T5_is_built_on_meta_and_materialised_in_the_asked_dtype_only()
    {
        string weights = FixturePaths.File(Path.Combine("t5", "t5xxl-tiny.safetensors"));
        using var golden = SafeTensorsFile.Open(FixturePaths.File(Path.Combine("t5", "t5xxl-tiny-golden.safetensors")));
        T5Config config = T5Config.FromJson(golden.Metadata["config"], golden.Path);
        using var file = SafeTensorsFile.Open(weights);

        using T5EncoderModel bf16 = T5EncoderModel.Load(new TensorSource(file), "t5xxl-tiny.safetensors", config, CPU, new LoadPrecision(ScalarType.BFloat16));
        Assert.All(bf16.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        Assert.All(bf16.parameters(), p => Assert.False(p.is_meta));
        float stored = file.ReadSingles("encoder.block.1.layer.0.SelfAttention.v.weight")[7];
        Assert.Equal(BFloat16Bits.Round(stored), GoldenTensors.Floats(bf16.state_dict()["encoder.block.1.layer.0.SelfAttention.v.weight"])[7]);

        // Quantize: a 16-bit file held as fp8 bytes, rounded as the brute-force search rounds.
        using T5EncoderModel quantized = T5EncoderModel.Load(new TensorSource(file), "t5xxl-tiny.safetensors", config, CPU, new LoadPrecision(ScalarType.Float32, Float8Mode.Quantize));
        Tensor bytes = quantized.state_dict()["encoder.block.1.layer.0.SelfAttention.v.weight"];
        Assert.Equal(ScalarType.Byte, bytes.dtype);
        Assert.Equal(Float8Files.NearestE4M3(stored), bytes.flatten()[7].item<byte>());
    }
}
