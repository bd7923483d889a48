using System.Text.Json;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Semantic.Dinov2;
using EpochCompare.Semantic.Loading;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Tests;

public sealed class Dinov2GoldenTests
{
    public static TheoryData<string> Files => Fixtures.Files("dinov2");

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_case_matches_the_original_with_offset_and_transformers_without(string fixture)
    {
        using SafeTensorsFile file = Fixtures.Open(fixture);
        if (Fixtures.IsPreprocessing(file))
        {
            return;
        }
        using var scope = NewDisposeScope();
        SemanticCheckpoint checkpoint = SemanticCheckpoint.Detect(file)!;
        Assert.Equal(SemanticModelKind.Dinov2, checkpoint.Kind);
        var model = new Dinov2Model(Dinov2Model.InferConfig(file, checkpoint));
        model.eval();
        SemanticWeights.Load(model, file, checkpoint.Prefix, "DINOv2");
        using var noGrad = no_grad();

        using var cases = JsonDocument.Parse(file.Metadata["cases"]);
        int count = 0;
        foreach (JsonElement testCase in cases.RootElement.EnumerateArray())
        {
            string name = testCase.GetProperty("name").GetString()!;
            Tensor pixels = Fixtures.Read(file, $"input.{name}.pixel_values");
            foreach ((string variant, double offset) in new[] { ("original", PositionInterpolation.OriginalOffset), ("hf", 0.0) })
            {
                string at = $"{name}.{variant}";
                model.InterpolateOffset = offset;
                int rows = (int)pixels.shape[2] / 14, cols = (int)pixels.shape[3] / 14;
                Tensor positions = model.get_parameter("embeddings.position_embeddings")!;
                Fixtures.AssertClose(PositionInterpolation.ForGrid(positions, rows, cols, offset), Fixtures.Read(file, $"intermediate.{at}.pos_embed"), 1e-5, $"{at} pos_embed");
                Fixtures.AssertClose(model.Embeddings(pixels), Fixtures.Read(file, $"intermediate.{at}.embeddings"), 1e-5, $"{at} embeddings");
                Tensor hidden = model.LastHiddenState(pixels);
                Fixtures.AssertClose(hidden, Fixtures.Read(file, $"output.{at}.last_hidden_state"), 1e-5, $"{at} last_hidden_state");
                Fixtures.AssertClose(model.forward(pixels), Fixtures.Read(file, $"output.{at}.cls_token"), 1e-5, $"{at} cls_token");
                Fixtures.AssertClose(hidden[.., 1..].mean([1]), Fixtures.Read(file, $"output.{at}.patch_mean"), 1e-5, $"{at} patch_mean");
            }
            if (testCase.GetProperty("interpolated").GetBoolean())
            {
                // The two interpolations really differ here, so the test above tells which one runs.
                Assert.True(Fixtures.RelativeError(Fixtures.Read(file, $"output.{name}.original.cls_token"), Fixtures.Read(file, $"output.{name}.hf.cls_token")) > 1e-3);
            }
            count++;
        }
        Assert.Equal(3, count);
    }
}
