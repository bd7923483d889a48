using EpochCompare.Cli.Benchmarks;
using EpochCompare.Flux.TextEncoders.T5;

namespace EpochCompare.Cli.Tests;

/// <summary>The real-flux bench section at a tiny config (the real one needs 12 GB and minutes): every key, positive, peaks above zero.</summary>
public class RealFluxBenchTests
{
    [Fact]
    public void The_section_runs_end_to_end_at_a_tiny_config_and_reports_every_number()
    {
        var t5 = new T5Config(32128, 32, 8, 4, 48, 1, 32, 128, 1e-6);
        var section = new RealFluxBench(TinyRealFlux.Transformer(dev: false) with { VecInDim = 768, ContextInDim = 32 }, t5);
        var output = new StringWriter();
        var context = new BenchContext(new BenchSettings(Quick: true, Threads: 1, Model: null), output, json: false);

        section.Run(context);

        var fields = context.Fields.ToDictionary(f => f.Key, f => f.Value);
        string[] keys = ["t5xxl_fp8_load_s", "t5xxl_encode_s", "t5xxl_peak_rss_gib", "flux_schnell_fp8_load_s", "flux_schnell_step_256_s",
            "flux_schnell_fp8_decode_s", "flux_schnell_peak_rss_gib", "flux_est_1024_20steps_s"];
        Assert.Equal(keys, fields.Keys);
        Assert.All(keys, k => Assert.True(fields[k] > 0, $"{k} = {fields[k]}"));
        Assert.False(section.RunsByDefault(new BenchSettings(false, 1, "flux-tiny")));
        Assert.Contains("peak RSS", output.ToString());
    }
}
