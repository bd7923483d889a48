using System.Text.Json;
using EpochCompare.Cli;

namespace EpochCompare.Cli.Tests;

public class FluxBenchSectionTests
{
    [Fact]
    public void Bench_flux_section_reports_timings_shapes_and_config()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(["bench", "--model", "flux-tiny", "--section", "flux", "--quick", "--json"], output, error);
        Assert.Equal(CliApp.ExitOk, code);
        using JsonDocument json = JsonDocument.Parse(output.ToString());
        JsonElement root = json.RootElement;
        Assert.True(root.GetProperty("train_step_ms").GetDouble() > 0);
        Assert.True(root.GetProperty("sample_forward_ms").GetDouble() > 0);
        Assert.True(root.GetProperty("train_step_b8_ms").GetDouble() > 0);
        Assert.True(root.GetProperty("sample_column_s").GetDouble() > 0);
        Assert.True(root.GetProperty("sample_column_best_s").GetDouble() <= root.GetProperty("sample_column_s").GetDouble());
        Assert.Equal(256, root.GetProperty("img_tokens").GetInt32());
        Assert.Equal(16, root.GetProperty("txt_tokens").GetInt32());
        Assert.Equal(1, root.GetProperty("train_batch").GetInt32());
        Assert.Equal(4, root.GetProperty("sample_batch").GetInt32());
        Assert.Equal(128, root.GetProperty("config.hidden_size").GetInt32());
        Assert.Equal(4, root.GetProperty("config.depth_single_blocks").GetInt32());
    }

    [Fact]
    public void Bench_with_an_unknown_model_is_a_usage_error()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(["bench", "--model", "flux-huge", "--section", "flux", "--quick"], output, error);
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("flux-huge", error.ToString());
    }
}
