using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Flux.Tests.Transformer;
using EpochCompare.Flux.Transformer;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.Sampling;

/// <summary>
/// Whole sampling runs on the TorchSharp engine against the reference: noise from the seed, packing, schedule
/// and the Euler loop with the fixture model's weights must land on the reference's output.final.
/// </summary>
public class TorchDenoiseGoldenTests
{
    public static TheoryData<string> Runs()
    {
        var runs = new TheoryData<string>();
        foreach (string path in Directory.EnumerateFiles(FixturePaths.Directory, "*-denoise.safetensors").Order(StringComparer.Ordinal))
        {
            runs.Add(Path.GetFileName(path)[..^"-denoise.safetensors".Length]);
        }
        return runs;
    }

    [Fact]
    public void There_are_denoise_fixtures() => Assert.True(Runs().Count >= 2);

    [Theory]
    [MemberData(nameof(Runs))]
    public void Seed_to_final_tokens_matches_the_reference(string name)
    {
        using var model = new TorchGolden(name + ".safetensors");
        Assert.True(model.Report.IsExact, model.Report.ToString());
        using var run = SafeTensorsFile.Open(FixturePaths.File(name + "-denoise.safetensors"));
        ulong seed = ulong.Parse(run.Metadata["seed"]);
        int steps = int.Parse(run.Metadata["steps"]);
        bool shift = bool.Parse(run.Metadata["shift"]);
        double guidance = double.Parse(run.Metadata["guidance"], System.Globalization.CultureInfo.InvariantCulture);
        using var scope = NewDisposeScope();

        int[] noiseShape = run.GetEntry("input.noise").Shape.Select(d => (int)d).ToArray();
        long[] packedShape = [.. run.GetEntry("input.packed").Shape];
        int batch = (int)packedShape[0];
        (int channels, int latentHeight, int latentWidth) = (noiseShape[1], noiseShape[2], noiseShape[3]);
        (int tokenHeight, int tokenWidth) = LatentPacking.TokenGrid(latentHeight, latentWidth);

        // Noise and schedule must be the reference's, exactly.
        Assert.Equal(run.ReadSingles("input.noise"), InitialNoise.Draw(seed, noiseShape, NoiseDType.Float32));
        var geometry = new SampleGeometry(latentWidth * 8, latentHeight * 8, channels, latentHeight, latentWidth);
        Tensor img = InitialNoise.Tokens(Enumerable.Repeat(seed, batch).ToArray(), geometry, NoiseDType.Float32, CPU);
        Assert.Equal(run.ReadSingles("input.packed"), TorchGolden.Values(img));
        double[] schedule = FluxSchedule.Get(steps, tokenHeight * tokenWidth, shift);
        Assert.Equal(run.ReadDoubles("schedule"), schedule);

        Tensor imgIds = tensor(LatentPacking.ImageIds(batch, tokenHeight, tokenWidth), [batch, tokenHeight * tokenWidth, 3]);
        Tensor final = EulerDenoiser.Denoise(model.Model, img, imgIds, new TextConditioning(Read(run, "input.txt"), Read(run, "input.y")), null,
            schedule, new GuidanceSettings(Distilled: guidance));
        Agreement.Close(TorchGolden.Values(final), run.ReadSingles("output.final"), 1e-4, name + " denoise");
    }

    [Fact]
    public void Cfg_runs_uncond_and_cond_as_one_batch_and_combines_them()
    {
        using var model = new TorchGolden("flux-tiny-schnell.safetensors");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        FluxInput input = model.Input(requireGrad: false);
        var cond = new TextConditioning(input.Txt, input.Y);
        var uncond = new TextConditioning(zeros_like(input.Txt), zeros_like(input.Y));
        double[] schedule = [1.0, 0.5];
        Tensor guided = EulerDenoiser.Denoise(model.Model, input.Img, input.ImgIds, cond, uncond, schedule, new GuidanceSettings(0, CfgScale: 3));

        // One Euler step by hand: x + (0.5 - 1) * (v_u + 3 (v_c - v_u)).
        Tensor t = full([1], 1.0f);
        Tensor vc = model.Model.call(input with { Timesteps = t });
        Tensor vu = model.Model.call(input with { Timesteps = t, Txt = uncond.Context, Y = uncond.Pooled });
        Tensor expected = input.Img + (vu + (vc - vu) * 3.0) * -0.5;
        Agreement.Close(TorchGolden.Values(guided), TorchGolden.Values(expected), 1e-6, "cfg step");
        Assert.Throws<ArgumentException>(() => EulerDenoiser.Denoise(model.Model, input.Img, input.ImgIds, cond, null, schedule, new GuidanceSettings(0, CfgScale: 3)));
    }

    private static Tensor Read(SafeTensorsFile file, string name) => Weights.SafeTensorTorch.Read(file, name);
}
