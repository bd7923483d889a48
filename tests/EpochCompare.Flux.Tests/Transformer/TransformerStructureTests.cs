using System.Diagnostics;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Weights;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Transformer;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.Transformer;

public class TransformerStructureTests
{
    [Fact]
    public void The_12B_models_are_built_on_the_meta_device_without_storage()
    {
        long before = CurrentRss();
        using var dev = new FluxTransformer(FluxPresets.Dev, META, ScalarType.BFloat16);
        using var schnell = new FluxTransformer(FluxPresets.Schnell, META, ScalarType.BFloat16);
        long grown = CurrentRss() - before;
        // 24 B parameters in bfloat16 would be 48 GB; module objects and LibTorch handles are a few MB.
        Assert.True(grown < 256L << 20, $"building grew RSS by {grown >> 20} MiB");

        Dictionary<string, Tensor> keys = dev.state_dict();
        Assert.Equal(780, keys.Count);
        Assert.Equal(776, schnell.state_dict().Count);
        Assert.Equal(11_901_408_320L, keys.Values.Sum(t => t.numel()));
        Assert.Equal(11_891_178_560L, schnell.parameters().Sum(t => t.numel()));
        Assert.All(keys.Values, t => Assert.True(t.is_meta));
        Assert.Equal([9216L, 3072], keys["double_blocks.0.img_attn.qkv.weight"].shape);
        Assert.Equal([3072L], keys["single_blocks.3.linear2.bias"].shape);
        Assert.Equal([6144L, 3072], keys["final_layer.adaLN_modulation.1.weight"].shape);
        Assert.Equal([128L], keys["double_blocks.18.txt_attn.norm.key_norm.scale"].shape);
        Assert.Equal([21504L, 3072], keys["single_blocks.37.linear1.weight"].shape);
        Assert.Equal([3072L, 256], keys["guidance_in.in_layer.weight"].shape);
        Assert.Equal([3072L, 12288], keys["double_blocks.0.img_mlp.2.weight"].shape);
        Assert.DoesNotContain(keys.Keys, k => k.Contains("k__BackingField", StringComparison.Ordinal) || k.Contains("pe_embedder", StringComparison.Ordinal));
    }

    [Fact]
    public void Loading_a_checkpoint_of_another_config_reports_keys_by_name()
    {
        using var file = SafeTensorsFile.Open(FixturePaths.File("flux-tiny-schnell.safetensors"));
        FluxParams schnell = FluxParamsJson.Parse(file.Metadata["config"], "schnell");
        using var model = new FluxTransformer(schnell with { GuidanceEmbed = true, Depth = 2, OutChannels = 8 }, META);
        StateDictReport report = StateDictLoader.Load(model, file, "model.");
        Assert.Contains("guidance_in.in_layer.weight", report.Missing);
        Assert.Contains("double_blocks.1.img_mod.lin.weight", report.Missing);
        Assert.Contains(report.Mismatched, m => m.StartsWith("final_layer.linear.weight (file [16, 48], model [8, 48])", StringComparison.Ordinal));
        Assert.Empty(report.Unexpected);

        using var smaller = new FluxTransformer(schnell with { DepthSingleBlocks = 1 }, META);
        StateDictReport extra = StateDictLoader.Load(smaller, file, "model.");
        Assert.Contains("single_blocks.1.linear1.weight", extra.Unexpected);
        var ex = Assert.Throws<InvalidDataException>(() => StateDictLoader.LoadStrict(smaller, file, "model."));
        Assert.Contains("flux-tiny-schnell.safetensors", ex.Message);
        Assert.Contains("single_blocks.1.linear1.weight", ex.Message);
    }

    [Fact]
    public void Weights_load_in_their_stored_dtype_or_the_one_asked_for()
    {
        using var file = SafeTensorsFile.Open(FixturePaths.File("flux-tiny-schnell.safetensors"));
        FluxParams schnell = FluxParamsJson.Parse(file.Metadata["config"], "schnell");
        using var stored = new FluxTransformer(schnell, META);
        StateDictLoader.LoadStrict(stored, file, "model.");
        Assert.All(stored.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));

        using var bf16 = new FluxTransformer(schnell, META);
        StateDictLoader.LoadStrict(bf16, file, "model.", CPU, ScalarType.BFloat16);
        Assert.All(bf16.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        Assert.Equal(ScalarType.BFloat16, bf16.DType);
        float expected = BFloat16Bits.Round(file.ReadSingles("model.img_in.weight")[5]);
        Assert.Equal(expected, TorchGolden.Values(bf16.state_dict()["img_in.weight"])[5]);
    }

    private static long CurrentRss()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
