using EpochCompare.Flux.SafeTensors;
using EpochCompare.Semantic.Clip;
using EpochCompare.Semantic.Loading;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Tests;

public sealed class ClipVisionGoldenTests
{
    public static TheoryData<string> Files => Fixtures.Files("clip-vision");

    [Theory]
    [MemberData(nameof(Files))]
    public void Vision_tower_matches_openai_and_transformers(string fixture)
    {
        using SafeTensorsFile file = Fixtures.Open(fixture);
        if (Fixtures.IsPreprocessing(file))
        {
            return;
        }
        using var scope = NewDisposeScope();
        SemanticCheckpoint checkpoint = SemanticCheckpoint.Detect(file)!;
        Assert.Equal(SemanticModelKind.Clip, checkpoint.Kind);
        ClipVisionConfig config = ClipModel.InferVisionConfig(file, checkpoint);
        var model = new ClipModel(config, (int)file.GetEntry(checkpoint.Prefix + "text_projection.weight").Shape[1], (int)file.GetEntry(checkpoint.Prefix + "visual_projection.weight").Shape[0]);
        model.eval();
        var vision = (ClipVisionTransformer)model.VisionModel;

        // The fixture holds the whole model; only the text tower is not ours (EpochCompare.Flux owns it).
        KeyComparison comparison = ModuleWeights.Compare(model, file, checkpoint.Prefix);
        Assert.Empty(comparison.Missing);
        Assert.Empty(comparison.Misshaped);
        Assert.All(comparison.Unexpected, k => Assert.StartsWith("text_model.", k));
        Assert.Contains("vision_model.embeddings.position_ids", comparison.Skipped);

        ModuleWeights.LoadMatching(model, file, checkpoint.Prefix);
        using var noGrad = no_grad();
        Tensor pixels = Fixtures.Read(file, "input.pixel_values");
        Fixtures.AssertClose(vision.LastHiddenState(pixels), Fixtures.Read(file, "intermediate.vision.last_hidden_state"), 1e-5, "last_hidden_state");
        Fixtures.AssertClose(vision.forward(pixels), Fixtures.Read(file, "intermediate.vision.pooler_output"), 1e-5, "pooler_output");
        Tensor embeds = model.forward(pixels);
        Fixtures.AssertClose(embeds, Fixtures.Read(file, "output.image_embeds"), 1e-5, "image_embeds");
        Tensor normalized = embeds / embeds.norm(1, keepdim: true);
        Fixtures.AssertClose(normalized, Fixtures.Read(file, "output.image_embeds_normalized"), 1e-5, "image_embeds_normalized");
        Assert.True((normalized.matmul(normalized.T) - Fixtures.Read(file, "output.image_cosine")).abs().max().item<float>() < 1e-5);
        Assert.Equal(Math.Exp(file.ReadSingles(checkpoint.Prefix + "logit_scale")[0]), model.LogitScale, 4);

        // One image alone embeds as in the batch.
        Tensor alone = model.forward(pixels[..1]);
        Fixtures.AssertClose(alone, embeds[..1], 1e-5, "image alone");
    }
}
