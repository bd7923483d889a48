using EpochCompare.Flux.Config;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Tests.Config;

public class FluxParamsTests
{
    [Fact]
    public void Presets_match_the_released_models()
    {
        FluxParams dev = FluxPresets.Get("flux-dev"), schnell = FluxPresets.Get("flux-schnell");
        Assert.Equal(128, dev.HeadDim);
        Assert.Equal(12288, dev.MlpHiddenDim);
        Assert.Equal((19, 38), (dev.Depth, dev.DepthSingleBlocks));
        Assert.True(dev.GuidanceEmbed);
        Assert.False(schnell.GuidanceEmbed);
        Assert.Equal(dev with { GuidanceEmbed = false }, schnell);
        foreach (string name in FluxPresets.Names)
        {
            FluxParams p = FluxPresets.Get(name);
            Assert.Same(p, p.Validated(name));
        }
        Assert.Equal(64, FluxPresets.Tiny.HeadDim);
        Assert.Throws<ArgumentException>(() => FluxPresets.Get("flux-huge"));
    }

    [Fact]
    public void Json_round_trips_with_reference_field_names()
    {
        string json = FluxParamsJson.ToJson(FluxPresets.Dev);
        Assert.Contains("\"depth_single_blocks\":38", json);
        Assert.Contains("\"axes_dim\":[16,56,56]", json);
        Assert.Equal(FluxPresets.Dev, FluxParamsJson.Parse(json, "test"));
        Assert.Equal(FluxPresets.Tiny, FluxParamsJson.Parse(FluxParamsJson.ToJson(FluxPresets.Tiny), "test"));
    }

    [Fact]
    public void Parses_the_fixture_configs()
    {
        using var file = SafeTensorsFile.Open(FixturePaths.File("flux-tiny-schnell.safetensors"));
        FluxParams p = FluxParamsJson.Parse(file.Metadata["config"], "flux-tiny-schnell.safetensors");
        Assert.Equal(48, p.HiddenSize);
        Assert.Equal(new[] { 4, 10, 10 }, p.AxesDim);
        Assert.Equal(1, p.Depth);
        Assert.False(p.GuidanceEmbed);
        Assert.Equal(10000, p.Theta);
    }

    [Fact]
    public void Inconsistent_config_names_the_problem()
    {
        string bad = FluxParamsJson.ToJson(FluxPresets.Tiny with { AxesDim = [16, 24, 16] });
        var ex = Assert.Throws<ArgumentException>(() => FluxParamsJson.Parse(bad, "x.safetensors"));
        Assert.Contains("x.safetensors", ex.Message);
        Assert.Contains("head dim 64", ex.Message);
        Assert.Contains("no 'vec_in_dim'", Assert.Throws<ArgumentException>(() => FluxParamsJson.Parse("{\"in_channels\": 4}", "y")).Message);
    }
}
