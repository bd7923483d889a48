using EpochCompare.Flux.Sampling.OwnEngine;
using CheckpointColumnSampler = EpochCompare.Flux.Sampling.OwnEngine.CheckpointColumnSampler;
using EulerDenoiser = EpochCompare.Flux.Sampling.OwnEngine.EulerDenoiser;
using FluxSampler = EpochCompare.Flux.Sampling.OwnEngine.FluxSampler;
using EpochCompare.Flux.TextEncoding.OwnEngine;
using ITextConditioner = EpochCompare.Flux.TextEncoding.OwnEngine.ITextConditioner;
using TextConditioning = EpochCompare.Flux.TextEncoding.OwnEngine.TextConditioning;
using TinyTextEncoder = EpochCompare.Flux.TextEncoding.OwnEngine.TinyTextEncoder;
using EpochCompare.Flux.Model;
using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Flux.Tests.Model;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Tests.Sampling;

/// <summary>
/// Whole sampling runs against the reference: noise from the seed, packing, schedule and the Euler loop
/// with the fixture model's weights must land on the reference's output.final.
/// </summary>
public class DenoiseGoldenTests
{
    [Theory]
    [InlineData("flux-tiny-dev")]
    [InlineData("flux-tiny-schnell")]
    public void SeedToFinalTokensMatchesTheReference(string name)
    {
        using var model = new GoldenFixture(name + ".safetensors");
        Assert.True(model.Report.IsExact, model.Report.ToString());
        using var run = SafeTensorsFile.Open(FixturePaths.File(name + "-denoise.safetensors"));
        ulong seed = ulong.Parse(run.Metadata["seed"]);
        int steps = int.Parse(run.Metadata["steps"]);
        bool shift = bool.Parse(run.Metadata["shift"]);
        double guidance = double.Parse(run.Metadata["guidance"], System.Globalization.CultureInfo.InvariantCulture);

        int[] noiseShape = run.GetEntry("input.noise").Shape.Select(d => (int)d).ToArray();
        int[] packedShape = run.GetEntry("input.packed").Shape.Select(d => (int)d).ToArray();
        int batch = packedShape[0];
        (int channels, int latentHeight, int latentWidth) = (noiseShape[1], noiseShape[2], noiseShape[3]);
        (int tokenHeight, int tokenWidth) = LatentPacking.TokenGrid(latentHeight, latentWidth);

        // Our noise and schedule must be the reference's, exactly.
        float[] noise = TorchRandn.Sample(seed, noiseShape, NoiseDType.Float32);
        Assert.Equal(run.ReadSingles("input.noise"), noise);
        double[] schedule = FluxSchedule.Get(steps, tokenHeight * tokenWidth, shift);
        Assert.Equal(run.ReadDoubles("schedule"), schedule);

        float[] packed = LatentPacking.Pack(noise, 1, channels, latentHeight, latentWidth);
        Tensor img = Tensor.FromArray(Enumerable.Repeat(packed, batch).SelectMany(p => p).ToArray(), packedShape);
        Tensor imgIds = Tensor.Wrap(LatentPacking.ImageIds(batch, tokenHeight, tokenWidth), batch, tokenHeight * tokenWidth, 3);
        var text = new TextConditioning(Read(run, "input.txt"), Read(run, "input.y"));

        Tensor final = EulerDenoiser.Denoise(new FluxModelVelocity(model.Model), img, imgIds, text, null, schedule,
            new GuidanceSettings(Distilled: guidance));

        Agreement.Close(final.Span, run.ReadSingles("output.final"), 1e-4, name + " denoise");
    }

    private static Tensor Read(SafeTensorsFile file, string name) =>
        Tensor.FromArray(file.ReadSingles(name), file.GetEntry(name).Shape.Select(d => (int)d).ToArray());
}
