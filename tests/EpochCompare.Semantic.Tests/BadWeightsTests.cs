using EpochCompare.Flux.SafeTensors;
using EpochCompare.Semantic.Encoders;
using EpochCompare.Semantic.Loading;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Tests;

public sealed class BadWeightsTests
{
    private static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);

    private static string OneLine(Action load)
    {
        var ex = Assert.Throws<SemanticWeightsException>(load);
        Assert.DoesNotContain('\n', ex.Message);
        return ex.Message;
    }

    [Fact]
    public void A_dinov2_file_given_as_clip_says_what_it_is()
    {
        string message = OneLine(() => ClipEmbedder.Load(Path("dinov2/dinov2-tiny.safetensors"), CPU));
        Assert.Equal("dinov2-tiny.safetensors: expected a CLIP (vision_model.*, text_model.*) checkpoint, but the file is a DINOv2 (embeddings.*, encoder.layer.*) checkpoint.", message);
        Assert.Contains("is a CLIP", OneLine(() => Dinov2Embedder.Load(Path("clip-vision/clip-tiny.safetensors"), CPU)));
    }

    [Fact]
    public void A_truncated_file_is_named_with_the_problem()
    {
        using var temp = new TempDirectory();
        string cut = System.IO.Path.Combine(temp.Path, "clip-cut.safetensors");
        byte[] bytes = File.ReadAllBytes(Path("clip-vision/clip-tiny.safetensors"));
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        string message = OneLine(() => ClipEmbedder.Load(cut, CPU));
        Assert.StartsWith("clip-cut.safetensors: ", message);
        Assert.Contains("truncated", message);
    }

    [Fact]
    public void A_clip_file_without_its_text_tower_is_refused()
    {
        using var temp = new TempDirectory();
        string visionOnly = System.IO.Path.Combine(temp.Path, "vision-only.safetensors");
        using (SafeTensorsFile source = SafeTensorsFile.Open(Path("clip-vision/clip-tiny.safetensors")))
        {
            var kept = source.Entries.Where(e => e.Name.StartsWith("model.vision_model.", StringComparison.Ordinal) && e.DType == SafeTensorDType.F32
                || e.Name is "model.visual_projection.weight" or "model.logit_scale");
            SafeTensorsWriter.Write(visionOnly, [.. kept.Select(e => SafeTensorToWrite.F32(e.Name["model.".Length..], e.Shape, source.ReadSingles(e.Name)))]);
        }
        string message = OneLine(() => ClipEmbedder.Load(visionOnly, CPU));
        Assert.StartsWith("vision-only.safetensors: the CLIP text tower is missing", message);
    }

    [Fact]
    public void A_text_tower_whose_vocabulary_is_not_clips_cannot_tokenize_prompts()
    {
        using var embedder = ClipEmbedder.Load(Path("clip-vision/clip-tiny.safetensors"), CPU);
        Assert.Contains("100-token vocabulary", OneLine(() => embedder.EmbedTexts(["a photo of a cat"])));
    }

    [Fact]
    public void Not_a_file_and_not_a_semantic_model()
    {
        Assert.Contains("no such file", OneLine(() => Dinov2Embedder.Load("/nonexistent/dino.safetensors", CPU)));
        using var temp = new TempDirectory();
        string other = System.IO.Path.Combine(temp.Path, "other.safetensors");
        SafeTensorsWriter.Write(other, [SafeTensorToWrite.F32("lora_unet_x.alpha", [], new float[] { 1 })]);
        Assert.Equal("other.safetensors: expected a DINOv2 (embeddings.*, encoder.layer.*) checkpoint, but the file is neither a CLIP nor a DINOv2 checkpoint.", OneLine(() => Dinov2Embedder.Load(other, CPU)));
    }
}
