using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Weights;
using EpochCompare.Semantic.Clip;
using EpochCompare.Semantic.Loading;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Tests;

public sealed class ClipVisionGoldenTests
{
    public static TheoryData<string> Files => Fixtures.Files("clip-vision");

    [Theory]
    [MemberData(nameof(Files))]
    public void Both_towers_and_logits_match_openai_and_transformers(string fixture)
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
        var text = ClipModel.InferTextConfig(file, checkpoint);
        Assert.Equal(99, text.EosTokenId);
        var model = new ClipModel(config, text, ClipModel.ProjectionSize(file, checkpoint));
        model.eval();
        var vision = model.VisionModel;

        // The whole model, text tower (EpochCompare.Flux's CLIP text transformer) included; position_ids skipped.
        StateDictReport comparison = SemanticWeights.Check(model, file, checkpoint.Prefix);
        Assert.True(comparison.IsExact, comparison.ToString());
        Assert.Equal(["text_model.embeddings.position_ids", "vision_model.embeddings.position_ids"], SemanticWeights.Skipped(file, checkpoint.Prefix));

        SemanticWeights.Load(model, file, checkpoint.Prefix, "CLIP");
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

        // Text tower + text_projection, then the scaled cosine logits.
        long[] ids = Array.ConvertAll(file.ReadDoubles("input.input_ids"), v => (long)v);
        Tensor textEmbeds = model.EncodeText(tensor(ids, [3, text.MaxPositions]));
        Fixtures.AssertClose(textEmbeds, Fixtures.Read(file, "output.text_embeds"), 1e-5, "text_embeds");
        Tensor textNormalized = textEmbeds / textEmbeds.norm(1, keepdim: true);
        Tensor logits = normalized.matmul(textNormalized.T) * model.LogitScale;
        Assert.True((logits - Fixtures.Read(file, "output.logits_per_image")).abs().max().item<float>() < 1e-4, "logits_per_image");

        // One image alone embeds as in the batch.
        Tensor alone = model.forward(pixels[..1]);
        Fixtures.AssertClose(alone, embeds[..1], 1e-5, "image alone");
    }
}
