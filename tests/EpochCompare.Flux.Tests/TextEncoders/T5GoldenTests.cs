using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.TextEncoders.T5;
using EpochCompare.Flux.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.TextEncoders;

/// <summary>The T5 v1.1 encoder against ComfyUI's T5 run in PyTorch (Fixtures/t5, every golden file).</summary>
public class T5GoldenTests
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> Goldens() => GoldenTensors.GoldenNames("t5");

    private static T5EncoderModel LoadModel(SafeTensorsFile golden)
    {
        T5Config config = T5Config.FromJson(golden.Metadata["config"], golden.Path);
        using var weights = SafeTensorsFile.Open(Path.Combine(Path.GetDirectoryName(golden.Path)!, golden.Metadata["weights"]));
        return T5EncoderModel.Load(new TensorSource(weights), Path.GetFileName(weights.Path), config);
    }

    private static SafeTensorsFile OpenGolden(string name) => SafeTensorsFile.Open(FixturePaths.File(Path.Combine("t5", name)));

    [Theory]
    [MemberData(nameof(Goldens))]
    public void UnmaskedOutputAndEveryBlockMatchTheReference(string name)
    {
        using var golden = OpenGolden(name);
        using T5EncoderModel model = LoadModel(golden);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor ids = GoldenTensors.Read(golden, "input.ids");

        using T5EncoderOutput output = model.Encode(ids, attentionMask: null, keepBlockOutputs: true);

        GoldenTensors.Close(output.LastHiddenState, golden, "output.last_hidden_state", Tolerance);
        for (int i = 0; i < output.BlockOutputs.Count; i++)
        {
            GoldenTensors.Close(output.BlockOutputs[i], golden, $"intermediate.block.{i}", Tolerance);
        }
        GoldenTensors.Close(model.PositionBias(ids.shape[1]), golden, "intermediate.position_bias", Tolerance);
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void MaskedOutputMatchesTheReference(string name)
    {
        using var golden = OpenGolden(name);
        using T5EncoderModel model = LoadModel(golden);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using T5EncoderOutput output = model.Encode(GoldenTensors.Read(golden, "input.ids"), GoldenTensors.Read(golden, "input.attention_mask"), keepBlockOutputs: false);
        GoldenTensors.Close(output.LastHiddenState, golden, "output.last_hidden_state_masked", Tolerance);
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void LongSequenceReachesTheLogBucketsAndMatches(string name)
    {
        using var golden = OpenGolden(name);
        using T5EncoderModel model = LoadModel(golden);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using T5EncoderOutput output = model.forward(GoldenTensors.Read(golden, "long.input.ids"));
        GoldenTensors.Close(output.LastHiddenState, golden, "long.output.last_hidden_state", Tolerance);
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void BucketsEqualTheReferenceExactly(string name)
    {
        using var golden = OpenGolden(name);
        T5Config config = T5Config.FromJson(golden.Metadata["config"], golden.Path);
        using var scope = torch.NewDisposeScope();
        Tensor relative = GoldenTensors.Read(golden, "aux.relative_position");
        Assert.Equal(GoldenTensors.Longs(GoldenTensors.Read(golden, "aux.relative_position_bucket")),
            GoldenTensors.Longs(T5RelativePosition.Bucket(relative, config.RelativeAttentionBuckets, config.RelativeAttentionMaxDistance)));
        Tensor expected = GoldenTensors.Read(golden, "intermediate.relative_position_bucket");
        Assert.Equal(GoldenTensors.Longs(expected),
            GoldenTensors.Longs(T5RelativePosition.Buckets(expected.shape[0], config.RelativeAttentionBuckets, config.RelativeAttentionMaxDistance)));
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void StateDictKeysAreTheFileKeysAndConfigIsInferred(string name)
    {
        using var golden = OpenGolden(name);
        using T5EncoderModel model = LoadModel(golden);
        using var weights = SafeTensorsFile.Open(Path.Combine(Path.GetDirectoryName(golden.Path)!, golden.Metadata["weights"]));
        Assert.Equal(weights.Names.Order(StringComparer.Ordinal), ModuleWeights.Targets(model).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(T5Config.FromJson(golden.Metadata["config"], golden.Path), T5EncoderModel.InferConfig(new TensorSource(weights), "w"));
    }

    [Fact]
    public void TiedEmbedTokensCopyIsAcceptedUnderAPrefix()
    {
        string goldenPath = GoldenTensors.Goldens("t5").First();
        using var golden = SafeTensorsFile.Open(goldenPath);
        string weightsPath = Path.Combine(Path.GetDirectoryName(goldenPath)!, golden.Metadata["weights"]);
        using var temp = new TempDirectory();
        const string prefix = "text_encoders.t5xxl.transformer.";
        using (var source = SafeTensorsFile.Open(weightsPath))
        {
            RawSafeTensors.Rewrite(weightsPath, temp.File("bundle.safetensors"), key => prefix + key,
                [new RawTensor(prefix + T5EncoderModel.TiedEmbeddingKey, "F16", source.GetEntry("shared.weight").Shape.ToArray(), source.ReadRaw("shared.weight"))]);
        }
        using var file = SafeTensorsFile.Open(temp.File("bundle.safetensors"));
        T5Config config = T5Config.FromJson(golden.Metadata["config"], goldenPath);
        using T5EncoderModel model = T5EncoderModel.Load(new TensorSource(file, prefix), "bundle.safetensors", config);
        using var noGrad = torch.no_grad();
        using Tensor ids = GoldenTensors.Read(golden, "input.ids");
        using T5EncoderOutput output = model.forward(ids);
        GoldenTensors.Close(output.LastHiddenState, golden, "output.last_hidden_state", Tolerance);
    }

    [Fact]
    public void ClipWeightsGivenAsT5FailWithOneLineNamingTheFile()
    {
        using var clip = SafeTensorsFile.Open(FixturePaths.File("clip/clip_l-tiny.safetensors"));
        var error = Assert.Throws<InvalidDataException>(() => T5EncoderModel.Load(new TensorSource(clip), "clip_l-tiny.safetensors", T5Config.T5Xxl));
        Assert.StartsWith("clip_l-tiny.safetensors: not a T5 encoder", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
