using EpochCompare.Flux.Checkpoints;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Tests.Checkpoints;

/// <summary>LoRA key families and metadata exactly as each trainer saves them (real-formats.md §2).</summary>
public sealed class LoraDetectorTests
{
    private const int H = 3072, R = 16;

    private static SafeTensorEntry E(string name, SafeTensorDType dtype, params long[] shape) => new(name, dtype, shape, 0, 0);

    private static List<SafeTensorEntry> Pair(string module, string down, string up, SafeTensorDType dtype, long outDim = H, long inDim = H, int rank = R) =>
        [E(module + down, dtype, rank, inDim), E(module + up, dtype, outDim, rank)];

    private static LoraDescription Describe(List<SafeTensorEntry> entries, Dictionary<string, string>? metadata = null, double alpha = 8)
    {
        CheckpointDescription d = CheckpointInspector.Describe("lora.safetensors", entries, metadata ?? [], key => key.EndsWith(".alpha", StringComparison.Ordinal) ? alpha : null);
        Assert.Equal(CheckpointLayout.Lora, d.Layout);
        return d.Lora!;
    }

    [Fact]
    public void KohyaWithTextEncoderModulesEpochAndSteps()
    {
        var entries = new List<SafeTensorEntry>();
        foreach (string m in new[] { "lora_unet_double_blocks_0_img_attn_qkv", "lora_unet_single_blocks_0_linear1", "lora_unet_final_layer_linear" })
        {
            entries.AddRange(Pair(m, ".lora_down.weight", ".lora_up.weight", SafeTensorDType.BF16));
            entries.Add(E(m + ".alpha", SafeTensorDType.BF16));
        }
        entries.AddRange(Pair("lora_te1_text_model_encoder_layers_0_self_attn_q_proj", ".lora_down.weight", ".lora_up.weight", SafeTensorDType.BF16, 768, 768, 4));
        entries.AddRange(Pair("lora_te3_encoder_block_0_layer_0_SelfAttention_q", ".lora_down.weight", ".lora_up.weight", SafeTensorDType.BF16, 4096, 4096, 4));
        LoraDescription lora = Describe(entries, new()
        {
            ["ss_network_module"] = "networks.lora_flux", ["ss_network_dim"] = "16", ["ss_network_alpha"] = "8", ["ss_epoch"] = "25", ["ss_steps"] = "2500",
            ["ss_network_args"] = "{\"split_qkv\": \"True\"}", ["ss_base_model_version"] = "flux1",
        });
        Assert.Equal("kohya sd-scripts", lora.Producer);
        Assert.Equal("LoRA", lora.Algorithm);
        Assert.Equal([R], lora.Ranks);
        Assert.Equal([8.0], lora.Alphas);
        Assert.Equal(3, lora.TransformerModules);
        Assert.Equal(2, lora.TextEncoderModules);
        Assert.Equal((25, 2500), (lora.Epoch, lora.Steps));
        Assert.True(lora.SplitQkv);
    }

    [Fact]
    public void AiToolkitPeftKeysWithTrainingInfo()
    {
        var entries = Pair("transformer.transformer_blocks.0.attn.to_q", ".lora_A.weight", ".lora_B.weight", SafeTensorDType.F16);
        LoraDescription lora = Describe(entries, new() { ["training_info"] = "{\"step\": 500, \"epoch\": 3}", ["format"] = "pt", ["ss_base_model_version"] = "flux.1" });
        Assert.Equal("ai-toolkit", lora.Producer);
        Assert.Equal((3, 500), (lora.Epoch, lora.Steps));
        Assert.Empty(lora.Alphas); // alpha = rank, scale 1
    }

    [Fact]
    public void SimpleTunerAlphaComesFromTheTransformerPrefixedAdapterMetadata()
    {
        var entries = Pair("transformer.single_transformer_blocks.7.proj_out", ".lora_A.weight", ".lora_B.weight", SafeTensorDType.BF16, H, H + 4 * H);
        LoraDescription lora = Describe(entries, new()
        {
            ["format"] = "pt", ["modelspec.implementation"] = "diffusers", ["modelspec.architecture"] = "flux-dev/lora", ["global_step"] = "500",
            ["lora_adapter_metadata"] = "{\n  \"transformer.lora_alpha\": 32,\n  \"transformer.r\": 16,\n  \"transformer.use_dora\": false\n}",
        });
        Assert.Equal("SimpleTuner", lora.Producer);
        Assert.Equal([32.0], lora.Alphas);
        Assert.Equal("lora_adapter_metadata transformer.lora_alpha", lora.AlphaSource);
        Assert.Equal(500, lora.Steps);
    }

    [Theory]
    [InlineData("lora_transformer_transformer_blocks_0_attn_to_q", ".lora_down.weight", ".lora_up.weight", true, "OneTrainer (legacy lora_transformer_)")]
    [InlineData("diffusion_model.double_blocks.0.img_attn.qkv", ".lora_A.weight", ".lora_B.weight", true, "OneTrainer (COMFY)")]
    [InlineData("double_blocks.0.img_attn.qkv", ".lora_A.weight", ".lora_B.weight", true, "OneTrainer (ORIGINAL)")]
    [InlineData("transformer_blocks.0.attn.to_q", ".lora_A.weight", ".lora_B.weight", false, "diffusers / PEFT (save_lora_adapter)")]
    public void OtherFamiliesAreNamed(string module, string down, string up, bool alpha, string producer)
    {
        var entries = Pair(module, down, up, SafeTensorDType.F32);
        if (alpha)
        {
            entries.Add(E(module + ".alpha", SafeTensorDType.F32));
        }
        Dictionary<string, string> metadata = producer.StartsWith("OneTrainer", StringComparison.Ordinal) ? new() { ["ot_branch"] = "master" } : [];
        Assert.Equal(producer, Describe(entries, metadata).Producer);
    }

    [Theory]
    [InlineData(".lokr_w1", "LoKr (LyCORIS)")]
    [InlineData(".hada_w1_a", "LoHa (LyCORIS)")]
    [InlineData(".dora_scale", "DoRA")]
    [InlineData(".lora_magnitude_vector.weight", "DoRA")]
    [InlineData(".diff", "full weight difference")]
    public void LycorisAndDoraAreNamedNotTakenForPlainLora(string key, string algorithm)
    {
        var entries = Pair("lora_unet_double_blocks_0_img_attn_qkv", ".lora_down.weight", ".lora_up.weight", SafeTensorDType.BF16);
        entries.Add(E("lora_unet_double_blocks_0_img_attn_qkv" + key, SafeTensorDType.BF16, 1, H));
        LoraDescription lora = Describe(entries);
        Assert.Equal(algorithm, lora.Algorithm);
        Assert.False(lora.IsPlainLora);
    }

    [Fact]
    public void KohyaLycorisIsNamedFromItsNetworkArgs()
    {
        var entries = Pair("lora_unet_double_blocks_0_img_attn_qkv", ".lora_down.weight", ".lora_up.weight", SafeTensorDType.BF16);
        LoraDescription lora = Describe(entries, new() { ["ss_network_module"] = "lycoris.kohya", ["ss_network_args"] = "{\"algo\": \"locon\"}" });
        Assert.Equal("LyCORIS locon", lora.Algorithm);
    }
}
