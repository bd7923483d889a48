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
    public void Bench_flux_section_runs_in_the_dtype_asked_and_says_where_it_ran()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(["bench", "--model", "flux-tiny", "--section", "flux", "--quick", "--json", "--dtype", "bfloat16"], output, error);
        Assert.Equal(CliApp.ExitOk, code);
        using JsonDocument json = JsonDocument.Parse(output.ToString());
        JsonElement root = json.RootElement;
        Assert.Equal("cpu", root.GetProperty("device").GetString());
        Assert.Equal("bfloat16", root.GetProperty("dtype").GetString());
        Assert.True(root.GetProperty("train_step_ms").GetDouble() > 0);
        Assert.True(root.GetProperty("sample_forward_ms").GetDouble() > 0);
        Assert.True(root.GetProperty("sample_column_s").GetDouble() > 0);
    }

    [Fact]
    public void Bench_on_cuda_runs_there_or_fails_with_one_line_without_cuda()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(["bench", "--model", "flux-tiny", "--section", "flux", "--quick", "--device", "cuda"], output, error);
        if (TorchSharp.torch.cuda.is_available())
        {
            Assert.Equal(CliApp.ExitOk, code); // a CUDA build on a GPU machine
            return;
        }
        Assert.Equal(CliApp.ExitFailure, code);
        string message = error.ToString().Trim();
        Assert.Single(message.Split('\n'));
        Assert.Contains("CUDA is not available", message);
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
