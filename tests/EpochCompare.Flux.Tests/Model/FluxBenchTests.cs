using System.Text.Json;
using EpochCompare.Flux.Bench;
using EpochCompare.Flux.Config;

namespace EpochCompare.Flux.Tests.Model;

public class FluxBenchTests
{
    [Fact]
    public void Bench_json_has_the_issue_fields_and_reference_config_names()
    {
        // A one-iteration run on a very small config: checks the plumbing, not the speed.
        FluxParams p = FluxPresets.Tiny with { HiddenSize = 32, AxesDim = [8, 12, 12], NumHeads = 1, Depth = 1, DepthSingleBlocks = 1 };
        FluxBenchResult result = FluxBenchmark.Run(p, imgTokens: 16, txtTokens: 4, trainBatch: 1, sampleBatch: 2, iterations: 1, warmupSeconds: 0);
        using JsonDocument json = JsonDocument.Parse(FluxBenchJson.ToJson(result));
        JsonElement root = json.RootElement;
        Assert.True(root.GetProperty("train_step_ms").GetDouble() > 0);
        Assert.True(root.GetProperty("sample_forward_ms").GetDouble() > 0);
        Assert.Equal(16, root.GetProperty("img_tokens").GetInt32());
        Assert.Equal(4, root.GetProperty("txt_tokens").GetInt32());
        Assert.Equal(1, root.GetProperty("train_batch").GetInt32());
        Assert.Equal(2, root.GetProperty("sample_batch").GetInt32());
        JsonElement config = root.GetProperty("config");
        foreach (string field in new[] { "in_channels", "vec_in_dim", "context_in_dim", "hidden_size", "mlp_ratio", "num_heads", "depth", "depth_single_blocks", "axes_dim", "theta", "qkv_bias", "guidance_embed" })
        {
            Assert.True(config.TryGetProperty(field, out _), field);
        }
        Assert.Equal(p, FluxParamsJson.Parse(config.GetRawText(), "bench"));
    }
}
