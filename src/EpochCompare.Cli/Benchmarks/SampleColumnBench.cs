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
using EpochCompare.Flux.TextEncoding;

namespace EpochCompare.Cli.Benchmarks;

/// <summary>
/// Issue #4's speed figure: one grid column as <c>epochcompare sample</c> renders it for flux-tiny: 4 seeds in one
/// batch, 64x64 pixels (256 image + 32 text tokens), 20 Euler steps, true CFG 3.5 (the sampler's default for a
/// model without guidance embedding: conditional and unconditional halves in one batch of 8), random weights.
/// </summary>
internal static class SampleColumnBench
{
    public const int Seeds = 4, Steps = 20, Size = 64;

    public const double CfgScale = 3.5;

    public static void Run(BenchContext context, FluxModel model)
    {
        var text = TinyTextEncoder.CreateFluxTiny();
        text.InitializeRandom(seed: 5);
        var sampler = new FluxSampler(new FluxModelVelocity(model), text, new PixelUnshuffleAutoencoder());
        var request = new SampleRequest("ohwx car, stylized 3D render with a playful, cartoon aesthetic", "",
            Enumerable.Range(1, Seeds).Select(s => (ulong)s).ToArray(), Size, Size, Steps,
            new GuidanceSettings(GuidanceSettings.DefaultDistilled, CfgScale));
        BenchTiming column = context.MeasureLong(() => sampler.SampleColumn(request));
        context.Report("sample_column_s", column.MedianSeconds,
            $"flux sample column ({Seeds} seeds, {Steps} steps, {Size}x{Size}, CFG {CfgScale}): {column.MedianSeconds,8:F2} s median, {column.BestSeconds,8:F2} best");
        context.Report("sample_column_best_s", column.BestSeconds, $"sample_column_best_s {column.BestSeconds:F3}");
    }
}
