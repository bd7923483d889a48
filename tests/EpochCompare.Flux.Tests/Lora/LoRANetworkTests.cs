using EpochCompare.Flux.Config;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Tests.Transformer;
using EpochCompare.Flux.Transformer;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.Lora;

/// <summary>kohya LoRA modules on the TorchSharp transformer (the schnell fixture's real weights as the base).</summary>
public class LoRANetworkTests
{
    private static float[] Predict(FluxTransformer model, FluxInput input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return TorchGolden.Values(model.call(input));
    }

    private static void RandomizeUp(LoRANetwork network, long seed)
    {
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)seed);
        foreach (LoRAModule module in network.Modules)
        {
            module.Up.weight.copy_((rand(module.Up.weight.shape, generator: generator) - 0.5) * 0.2);
        }
    }

    [Fact]
    public void State_dict_keys_are_the_kohya_file_keys()
    {
        using var golden = new TorchGolden("flux-tiny-schnell.safetensors");
        using LoRANetwork network = LoRANetwork.CreateForTraining(golden.Model, LoraTargets.Default(golden.Params), rank: 4, alpha: 2);
        var expected = LoraTargets.Default(golden.Params)
            .SelectMany(path => new[] { KohyaLoraNames.DownSuffix, KohyaLoraNames.UpSuffix, KohyaLoraNames.AlphaSuffix }.Select(s => KohyaLoraNames.FromModulePath(path) + s))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, network.state_dict().Keys.Order(StringComparer.Ordinal));
        Assert.Equal([4L, 48], network.state_dict()["lora_unet_double_blocks_0_img_attn_qkv.lora_down.weight"].shape);
        Assert.Equal([144L, 4], network.state_dict()["lora_unet_double_blocks_0_img_attn_qkv.lora_up.weight"].shape);
        Assert.Equal(2f, network.state_dict()["lora_unet_single_blocks_1_linear2.alpha"].item<float>());
    }

    [Fact]
    public void Fresh_modules_leave_the_model_unchanged_and_only_they_get_gradients()
    {
        using var golden = new TorchGolden("flux-tiny-schnell.safetensors");
        FluxInput input = golden.Input(requireGrad: false);
        float[] baseline = Predict(golden.Model, input);
        using LoRANetwork network = LoRANetwork.CreateForTraining(golden.Model, LoraTargets.Default(golden.Params), rank: 4, alpha: 2);
        network.Apply();
        Assert.Equal(baseline, Predict(golden.Model, input));

        using var scope = NewDisposeScope();
        nn.functional.mse_loss(golden.Model.call(input), golden.Read("input.target")).backward();
        Assert.All(golden.Model.parameters(), p => Assert.Null(p.grad));
        Assert.All(network.Modules, m => Assert.NotNull(m.Up.weight.grad));
        Assert.Contains(network.Modules, m => m.Up.weight.grad!.abs().max().item<float>() > 0);
    }

    [Fact]
    public void Lora_up_gradient_matches_finite_differences()
    {
        using var golden = new TorchGolden("flux-tiny-schnell.safetensors");
        FluxInput input = golden.Input(requireGrad: false);
        Tensor target = golden.Read("input.target");
        using LoRANetwork network = LoRANetwork.CreateForTraining(golden.Model, LoraTargets.Default(golden.Params), rank: 2, alpha: 2);
        RandomizeUp(network, 10);
        network.Apply();
        LoRAModule probe = network.Modules.Single(m => m.ModulePath == "double_blocks.0.img_attn.qkv");
        nn.functional.mse_loss(golden.Model.call(input), target).backward();
        // Probe the entry with the largest gradient: a float32 loss carries ~1e-7 relative noise, which
        // swamps a central difference of a tiny gradient (seen: 4% off at |g| = 1.4e-4).
        Tensor grad = probe.Up.weight.grad!;
        long flat = grad.abs().argmax().item<long>();
        long row = flat / grad.shape[1], column = flat % grad.shape[1];
        double analytic = grad[row, column].item<float>();

        double Loss(double value)
        {
            using var noGrad = no_grad();
            probe.Up.weight[row, column] = value;
            return nn.functional.mse_loss(golden.Model.call(input), target).item<float>();
        }
        const double h = 1e-2;
        double original = probe.Up.weight[row, column].item<float>();
        double numeric = (Loss(original + h) - Loss(original - h)) / (2 * h);
        Assert.True(Math.Abs(numeric - analytic) <= 2e-2 * Math.Max(Math.Abs(numeric), 1e-4), $"analytic {analytic} vs numeric {numeric}");
    }

    [Fact]
    public void Written_read_back_applied_and_merged_agree_and_unmerge_restores_the_base_exactly()
    {
        using var dir = new TempDirectory();
        using var golden = new TorchGolden("flux-tiny-schnell.safetensors");
        FluxInput input = golden.Input(requireGrad: false);
        float[] baseline = Predict(golden.Model, input);
        float[] baseQkv = TorchGolden.Values(golden.Model.state_dict()["double_blocks.0.img_attn.qkv.weight"]);

        using LoRANetwork trained = LoRANetwork.CreateForTraining(golden.Model, LoraTargets.Default(golden.Params), rank: 4, alpha: 8);
        RandomizeUp(trained, 3);
        string path = dir.File("e3.safetensors");
        KohyaLoraFile.Write(path, trained.ToWeights(KohyaLoraMetadata.Create(4, 8, false, "t", new Dictionary<string, string> { ["ss_epoch"] = "3" })));

        LoraWeights read = LoraFile.Read(path, golden.Params);
        const float multiplier = 0.75f;
        using LoRANetwork loaded = LoRANetwork.FromWeights(golden.Model, read, multiplier);
        loaded.Apply();
        float[] sidePath = Predict(golden.Model, input);
        loaded.Remove();
        Assert.Equal(baseline, Predict(golden.Model, input));
        Assert.NotEqual(baseline, sidePath);

        using (loaded.Merge())
        {
            Agreement.Close(Predict(golden.Model, input), sidePath, 1e-5, "merged vs side path");
            // W' = W + multiplier * alpha/rank * up @ down, element by element.
            LoraModuleWeights qkv = read.Modules["double_blocks.0.img_attn.qkv"];
            float[] merged = TorchGolden.Values(golden.Model.state_dict()["double_blocks.0.img_attn.qkv.weight"]);
            for (int o = 0; o < qkv.OutFeatures; o += 7)
            {
                for (int i = 0; i < qkv.InFeatures; i += 5)
                {
                    double delta = 0;
                    for (int r = 0; r < qkv.Rank; r++)
                    {
                        delta += qkv.Up[o * qkv.Rank + r] * qkv.Down[r * qkv.InFeatures + i];
                    }
                    Assert.Equal(baseQkv[o * qkv.InFeatures + i] + multiplier * 2.0 * delta, merged[o * qkv.InFeatures + i], 5);
                }
            }
        }
        Assert.Equal(baseQkv, TorchGolden.Values(golden.Model.state_dict()["double_blocks.0.img_attn.qkv.weight"]));
        Assert.Equal(baseline, Predict(golden.Model, input));
    }

    [Fact]
    public void A_module_that_does_not_fit_its_linear_is_named()
    {
        using var golden = new TorchGolden("flux-tiny-schnell.safetensors");
        var wrong = new LoraWeights([new LoraModuleWeights("double_blocks.0.img_attn.qkv", 48, 48, 2, 2, new float[96], new float[96])]);
        using LoRANetwork network = LoRANetwork.FromWeights(golden.Model, wrong, 1f);
        var ex = Assert.Throws<ArgumentException>(network.Apply);
        Assert.Contains("double_blocks.0.img_attn.qkv", ex.Message);
        var missing = new LoraWeights([new LoraModuleWeights("double_blocks.5.img_attn.qkv", 48, 144, 2, 2, new float[96], new float[288])]);
        Assert.Contains("double_blocks.5.img_attn.qkv", Assert.Throws<ArgumentException>(() => LoRANetwork.FromWeights(golden.Model, missing, 1f)).Message);
    }
}
