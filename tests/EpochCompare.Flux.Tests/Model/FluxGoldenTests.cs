using EpochCompare.Flux.Model;
using EpochCompare.Flux.Modules;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Tests.Model;

/// <summary>
/// Our FLUX against the reference PyTorch model on every model fixture in Fixtures/ (each file
/// carries its own config): forward, loss, every parameter gradient, input gradients, intermediates.
/// </summary>
public class FluxGoldenTests
{
    public static IEnumerable<object[]> Fixtures() => GoldenFixture.All();

    [Fact]
    public void There_are_model_fixtures_to_check()
    {
        Assert.True(Fixtures().Count() >= 2);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_checkpoint_key_loads(string fixture)
    {
        using var golden = new GoldenFixture(fixture);
        Assert.True(golden.Report.IsExact, golden.Report.ToString());
        Assert.All(golden.Model.Parameters(), slot => Assert.True(golden.File.Contains("grad.model." + slot.Key), slot.Key));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Intermediates_match(string fixture)
    {
        using var golden = new GoldenFixture(fixture);
        FluxInputs inputs = golden.Inputs(requireGrad: false);
        Tensor embedding = Ops.TimestepEmbedding(inputs.Timesteps, FluxModel.TimestepFeatures);
        // Arguments reach 1000 * t where one float32 ulp is 6e-5: a last-bit difference between PyTorch's
        // and .NET's exp in the frequencies shows up at that size in cos/sin, so allow a few of them.
        Agreement.Close(embedding.Span, golden.File.ReadSingles("intermediate.timestep_embedding"), 2e-4, "timestep_embedding");
        Tensor pe = golden.Model.PeEmbedder.Forward(Ops.Concat([inputs.TxtIds, inputs.ImgIds], 1));
        Assert.Equal(golden.File.GetEntry("intermediate.pe").Shape.Select(d => (int)d).ToArray(), pe.Shape.ToArray());
        Agreement.Close(pe.Span, golden.File.ReadSingles("intermediate.pe"), 1e-5, "pe");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Forward_loss_and_every_gradient_match(string fixture)
    {
        using var golden = new GoldenFixture(fixture);
        FluxInputs inputs = golden.Inputs(requireGrad: true);
        Tensor pred = golden.Model.Forward(inputs);
        Agreement.Close(pred.Span, golden.File.ReadSingles("output.pred"), 1e-5, "pred");

        Tensor loss = Ops.MseLoss(pred, golden.Read("input.target"));
        Agreement.Close(loss.Span, golden.File.ReadSingles("output.loss"), 1e-5, "loss");

        loss.Backward();
        foreach (ParameterSlot slot in golden.Model.Parameters())
        {
            Tensor grad = slot.Value.Grad ?? throw new Xunit.Sdk.XunitException($"no gradient for {slot.Key}");
            Agreement.Close(grad.Span, golden.File.ReadSingles("grad.model." + slot.Key), 1e-4, "grad " + slot.Key);
        }
        Agreement.Close(inputs.Img.Grad!.Span, golden.File.ReadSingles("grad.input.img"), 1e-4, "grad img");
        Agreement.Close(inputs.Txt.Grad!.Span, golden.File.ReadSingles("grad.input.txt"), 1e-4, "grad txt");
        Agreement.Close(inputs.Y.Grad!.Span, golden.File.ReadSingles("grad.input.y"), 1e-4, "grad y");
    }
}
