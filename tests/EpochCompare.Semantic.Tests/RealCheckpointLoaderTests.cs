using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Weights;
using EpochCompare.Semantic.Clip;
using EpochCompare.Semantic.Dinov2;
using EpochCompare.Semantic.Loading;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Tests;

public sealed class RealCheckpointLoaderTests
{
    private static readonly Device Meta = new(TorchSharp.DeviceType.META);

    [Theory]
    [InlineData("dinov2-small.tsv", 384, 6, 22_056_576L)]
    [InlineData("dinov2-base.tsv", 768, 12, 86_580_480L)]
    public void Dinov2_real_header_maps_with_no_missing_or_unexpected_key(string list, int hidden, int heads, long parameters)
    {
        using var temp = new TempDirectory();
        using SafeTensorsFile file = SafeTensorsFile.Open(RealHeaders.WriteSparse(temp.Path, list));
        SemanticCheckpoint checkpoint = SemanticCheckpoint.Detect(file)!;
        Assert.Equal(new SemanticCheckpoint(SemanticModelKind.Dinov2, ""), checkpoint);
        Dinov2Config config = Dinov2Model.InferConfig(file, checkpoint);
        Assert.Equal((hidden == 384 ? Dinov2Config.Small : Dinov2Config.Base), config);
        Assert.Equal(heads, config.NumAttentionHeads);

        using var model = new Dinov2Model(config, Meta);
        StateDictReport comparison = SemanticWeights.Check(model, file, checkpoint.Prefix);
        Assert.True(comparison.IsExact, comparison.ToString());
        Assert.Equal(parameters, RealHeaders.ParameterCount(file));
        Assert.Equal(parameters, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Dinov2_head_model_prefix_is_accepted()
    {
        using var temp = new TempDirectory();
        string plain = RealHeaders.WriteSparse(temp.Path, "dinov2-small.tsv");
        string prefixed = Path.Combine(temp.Path, "head.safetensors");
        using (SafeTensorsFile source = SafeTensorsFile.Open(plain))
        {
            // Same header with every name under dinov2. (Dinov2ForImageClassification) plus its classifier.
            var renamed = source.Entries.ToDictionary(e => "dinov2." + e.Name, e => (object)new { dtype = "F32", shape = e.Shape, data_offsets = new[] { e.Begin, e.End } });
            long end = source.Entries.Max(e => e.End);
            renamed["classifier.weight"] = new { dtype = "F32", shape = new[] { 1000, 768 }, data_offsets = new[] { end, end + 1000 * 768 * 4 } };
            byte[] json = System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(renamed));
            using FileStream stream = File.Create(prefixed);
            stream.Write(BitConverter.GetBytes((ulong)json.Length));
            stream.Write(json);
            stream.SetLength(8 + json.Length + end + 1000 * 768 * 4);
        }
        using SafeTensorsFile file = SafeTensorsFile.Open(prefixed);
        SemanticCheckpoint checkpoint = SemanticCheckpoint.Detect(file)!;
        Assert.Equal("dinov2.", checkpoint.Prefix);
        using var model = new Dinov2Model(Dinov2Model.InferConfig(file, checkpoint), Meta);
        Assert.True(SemanticWeights.Check(model, file, checkpoint.Prefix).IsExact);
    }

    [Fact]
    public void Clip_vit_l14_real_header_maps_with_no_missing_or_unexpected_key()
    {
        using var temp = new TempDirectory();
        using SafeTensorsFile file = SafeTensorsFile.Open(RealHeaders.WriteSparse(temp.Path, "clip-vit-large-patch14.tsv"));
        SemanticCheckpoint checkpoint = SemanticCheckpoint.Detect(file)!;
        Assert.Equal(new SemanticCheckpoint(SemanticModelKind.Clip, ""), checkpoint);
        ClipVisionConfig vision = ClipModel.InferVisionConfig(file, checkpoint);
        Assert.Equal(ClipVisionConfig.VitL14, vision);

        Flux.TextEncoders.Clip.ClipTextConfig text = ClipModel.InferTextConfig(file, checkpoint);
        Assert.Equal(Flux.TextEncoders.Clip.ClipTextConfig.ClipL, text);
        using var model = new ClipModel(vision, text, ClipModel.ProjectionSize(file, checkpoint), Meta);
        StateDictReport comparison = SemanticWeights.Check(model, file, checkpoint.Prefix);
        Assert.True(comparison.IsExact, comparison.ToString());
        Assert.Equal(427_616_513L, model.parameters().Sum(p => p.numel()));
        Assert.Equal(["text_model.embeddings.position_ids", "vision_model.embeddings.position_ids"], SemanticWeights.Skipped(file, checkpoint.Prefix));
        Assert.Equal(427_616_513L, RealHeaders.ParameterCount(file));
    }
}
