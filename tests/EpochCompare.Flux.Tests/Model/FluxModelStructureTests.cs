using EpochCompare.Flux.Config;
using EpochCompare.Flux.Model;
using EpochCompare.Flux.Modules;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Tests.Model;

public class FluxModelStructureTests
{
    [Fact]
    public void The_12B_models_are_built_without_allocating_weights()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var dev = new FluxModel(FluxPresets.Dev);
        var schnell = new FluxModel(FluxPresets.Schnell);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16 << 20, $"building allocated {allocated} bytes");

        ParameterSlot[] devSlots = dev.Parameters().ToArray();
        Assert.Equal(780, devSlots.Length);
        Assert.Equal(776, schnell.Parameters().Count());
        Assert.Equal(11_901_408_320L, devSlots.Sum(s => s.Count));
        Assert.Equal(11_891_178_560L, schnell.Parameters().Sum(s => s.Count));
        Assert.All(devSlots, s => Assert.False(s.IsAllocated));

        var keys = devSlots.ToDictionary(s => s.Key, s => s.ShapeText);
        Assert.Equal("[9216, 3072]", keys["double_blocks.0.img_attn.qkv.weight"]);
        Assert.Equal("[3072]", keys["single_blocks.3.linear2.bias"]);
        Assert.Equal("[6144, 3072]", keys["final_layer.adaLN_modulation.1.weight"]);
        Assert.Equal("[128]", keys["double_blocks.18.txt_attn.norm.key_norm.scale"]);
        Assert.Equal("[21504, 3072]", keys["single_blocks.37.linear1.weight"]);
        Assert.Equal("[3072, 256]", keys["guidance_in.in_layer.weight"]);

        var ex = Assert.Throws<InvalidOperationException>(() => dev.ImgIn.Weight.Value);
        Assert.Contains("img_in.weight", ex.Message);
    }

    [Fact]
    public void Loading_a_checkpoint_of_another_config_reports_keys_by_name()
    {
        using var file = SafeTensorsFile.Open(FixturePaths.File("flux-tiny-schnell.safetensors"));
        FluxParams schnell = FluxParamsJson.Parse(file.Metadata["config"], "schnell");
        var model = new FluxModel(schnell with { GuidanceEmbed = true, Depth = 2, OutChannels = 8 });
        StateDictReport report = FluxStateDict.Load(model, file, "model.");
        Assert.Contains("guidance_in.in_layer.weight", report.Missing);
        Assert.Contains("double_blocks.1.img_mod.lin.weight", report.Missing);
        Assert.Contains(report.Mismatched, m => m.StartsWith("final_layer.linear.weight (file [16, 48], model [8, 48])", StringComparison.Ordinal));
        Assert.Empty(report.Unexpected);

        var smaller = new FluxModel(schnell with { DepthSingleBlocks = 1 });
        StateDictReport extra = FluxStateDict.Load(smaller, file, "model.");
        Assert.Contains("single_blocks.1.linear1.weight", extra.Unexpected);
        var ex = Assert.Throws<InvalidDataException>(() => FluxStateDict.LoadStrict(smaller, file, "model."));
        Assert.Contains("flux-tiny-schnell.safetensors", ex.Message);
        Assert.Contains("single_blocks.1.linear1.weight", ex.Message);
    }

    [Fact]
    public void Saved_and_reloaded_weights_give_the_same_output()
    {
        using var dir = new TempDirectory();
        var model = new FluxModel(FluxPresets.Tiny with { Depth = 1, DepthSingleBlocks = 1 });
        FluxInitializer.Initialize(model, seed: 3);
        string path = dir.File("tiny.safetensors");
        FluxCheckpoint.Save(path, model);

        FluxModel reloaded = FluxCheckpoint.Load(path);
        Assert.Equal(model.Params, reloaded.Params);
        FluxInputs inputs = TinyInputs.Create(model.Params, batch: 1, imgTokens: 16, txtTokens: 3, seed: 1);
        using var _ = new NoGrad();
        Assert.Equal(model.Forward(inputs).ToArray(), reloaded.Forward(inputs).ToArray());
    }

    [Fact]
    public void Config_of_an_official_style_checkpoint_is_read_from_its_shapes()
    {
        using var dir = new TempDirectory();
        // flux-dev's layout at a fraction of the width: head dim 128 as in the released models.
        FluxParams p = FluxPresets.Dev with { HiddenSize = 256, NumHeads = 2, Depth = 2, DepthSingleBlocks = 3, VecInDim = 32, ContextInDim = 48, InChannels = 16, OutChannels = 16 };
        var model = new FluxModel(p);
        FluxInitializer.Initialize(model, seed: 4);
        string path = dir.File("comfy.safetensors");
        SafeTensorsWriter.Write(path, model.Parameters().Select(s =>
            new SafeTensorToWrite("model.diffusion_model." + s.Key, SafeTensorDType.BF16, s.Shape.Select(d => (long)d).ToArray(), s.Value.Span.ToArray())));
        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(p, FluxCheckpoint.ReadParams(file));
        var loaded = new FluxModel(p);
        Assert.True(FluxStateDict.Load(loaded, file).IsExact);
        float expected = BFloat16Bits.Round(model.ImgIn.Weight.Value.Span[5]);
        Assert.Equal(expected, loaded.ImgIn.Weight.Value.Span[5]);
    }
}
