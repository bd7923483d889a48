using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.TextEncoders.Clip;
using EpochCompare.Flux.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.TextEncoders;

/// <summary>The CLIP text model against OpenAI's CLIP run in PyTorch (Fixtures/clip, every golden file).</summary>
public class ClipGoldenTests
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> Goldens() => GoldenTensors.GoldenNames("clip");

    internal static ClipTextModel LoadModel(SafeTensorsFile golden)
    {
        ClipTextConfig config = ClipTextConfig.FromJson(golden.Metadata["config"], golden.Path);
        using var weights = SafeTensorsFile.Open(Path.Combine(Path.GetDirectoryName(golden.Path)!, golden.Metadata["weights"]));
        return ClipTextModel.Load(new TensorSource(weights), Path.GetFileName(weights.Path), config);
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void OutputsMatchTheReference(string name)
    {
        using var golden = SafeTensorsFile.Open(FixturePaths.File(Path.Combine("clip", name)));
        using ClipTextModel model = LoadModel(golden);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor ids = GoldenTensors.Read(golden, "input.ids");

        using ClipTextOutput output = model.Encode(ids, keepHiddenStates: true);

        GoldenTensors.Close(output.LastHiddenState, golden, "output.last_hidden_state", Tolerance);
        GoldenTensors.Close(output.Pooled, golden, "output.pooled", Tolerance);
        Assert.Equal(GoldenTensors.Longs(GoldenTensors.Read(golden, "output.eos_position")), GoldenTensors.Longs(model.EosPositions(ids)));
        for (int k = 0; k < output.HiddenStates.Count; k++)
        {
            GoldenTensors.Close(output.HiddenStates[k], golden, $"intermediate.hidden_states.{k}", Tolerance);
        }
        Assert.Equal(model.Config.Layers + 1, output.HiddenStates.Count);
        GoldenTensors.Close(output.HiddenStates[^2], golden, "output.penultimate_hidden_state", Tolerance);
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void StateDictKeysAreTheFileKeys(string name)
    {
        using var golden = SafeTensorsFile.Open(FixturePaths.File(Path.Combine("clip", name)));
        using ClipTextModel model = LoadModel(golden);
        using var weights = SafeTensorsFile.Open(Path.Combine(Path.GetDirectoryName(golden.Path)!, golden.Metadata["weights"]));
        Assert.Equal(weights.Names.Order(StringComparer.Ordinal), ModuleWeights.Targets(model).Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void ConfigInferredFromTheWeightsMatchesTheFixtureConfig(string name)
    {
        using var golden = SafeTensorsFile.Open(FixturePaths.File(Path.Combine("clip", name)));
        ClipTextConfig config = ClipTextConfig.FromJson(golden.Metadata["config"], golden.Path);
        using var weights = SafeTensorsFile.Open(Path.Combine(Path.GetDirectoryName(golden.Path)!, golden.Metadata["weights"]));
        ClipTextConfig inferred = ClipTextModel.InferConfig(new TensorSource(weights), "w", config.Heads);
        Assert.Equal(config with { EosTokenId = inferred.EosTokenId }, inferred);
    }

    [Fact]
    public void BundledPrefixAndKnownExtrasLoadAndGiveTheSameOutput()
    {
        string name = GoldenTensors.Goldens("clip").First();
        using var golden = SafeTensorsFile.Open(name);
        string weightsPath = Path.Combine(Path.GetDirectoryName(golden.Path)!, golden.Metadata["weights"]);
        using var temp = new TempDirectory();
        string bundled = temp.File("all-in-one.safetensors");
        const string prefix = "text_encoders.clip_l.transformer.";
        long width = ClipTextConfig.FromJson(golden.Metadata["config"], name).HiddenSize;
        RawSafeTensors.Rewrite(weightsPath, bundled, key => prefix + key,
        [
            new RawTensor(prefix + "text_model.embeddings.position_ids", "I64", [1, 77], new byte[77 * 8]),
            new RawTensor(prefix + "text_projection.weight", "F16", [width, width]),
            new RawTensor("model.diffusion_model.img_in.weight", "F16", [4, 4]),
        ]);
        ClipTextConfig config = ClipTextConfig.FromJson(golden.Metadata["config"], name);

        using var file = SafeTensorsFile.Open(bundled);
        using ClipTextModel model = ClipTextModel.Load(new TensorSource(file, prefix), "all-in-one.safetensors", config);
        using var noGrad = torch.no_grad();
        using Tensor ids = GoldenTensors.Read(golden, "input.ids");
        using ClipTextOutput output = model.forward(ids);
        GoldenTensors.Close(output.Pooled, golden, "output.pooled", Tolerance);
    }

    [Fact]
    public void T5WeightsGivenAsClipFailWithOneLineNamingTheFile()
    {
        using var t5 = SafeTensorsFile.Open(FixturePaths.File("t5/t5xxl-tiny.safetensors"));
        var error = Assert.Throws<InvalidDataException>(() => ClipTextModel.Load(new TensorSource(t5), "t5xxl-tiny.safetensors", ClipTextConfig.ClipL));
        Assert.StartsWith("t5xxl-tiny.safetensors: not a CLIP text encoder", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AMisShapedWeightIsNamed()
    {
        string name = GoldenTensors.Goldens("clip").First();
        using var golden = SafeTensorsFile.Open(name);
        ClipTextConfig config = ClipTextConfig.FromJson(golden.Metadata["config"], name);
        using var weights = SafeTensorsFile.Open(Path.Combine(Path.GetDirectoryName(golden.Path)!, golden.Metadata["weights"]));
        var wrong = config with { IntermediateSize = config.IntermediateSize * 2 };
        var error = Assert.Throws<InvalidDataException>(() => ClipTextModel.Load(new TensorSource(weights), "clip.safetensors", wrong));
        Assert.Contains("mis-shaped", error.Message);
        Assert.Contains("mlp.fc1.weight", error.Message);
    }
}
