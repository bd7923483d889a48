using static EpochCompare.Flux.Tests.Lora.Producers.ProducerMergeCheck;

namespace EpochCompare.Flux.Tests.Lora.Producers;

/// <summary>Files a plain merge would get wrong are refused in one line naming the algorithm or the problem (real-formats.md §2.5).</summary>
public class ProducerRefusalTests
{
    private static ProducerLora KohyaQkv(int seed)
    {
        var f = new ProducerLora(seed);
        f.Pair("lora_unet_double_blocks_0_img_attn_qkv.lora_down.weight", "lora_unet_double_blocks_0_img_attn_qkv.lora_up.weight", "F32", 2, H, 3 * H, "double_blocks.0.img_attn.qkv.weight", 0, 1);
        return f;
    }

    [Fact]
    public void Kohya_dora_scale_is_refused_as_dora()
    {
        ProducerLora f = KohyaQkv(1);
        f.Raw(new RawTensor("lora_unet_double_blocks_0_img_attn_qkv.dora_scale", "F32", [1, H]));
        Assert.Contains("DoRA", ReadError(f));

        var loha = new ProducerLora(11);
        loha.Loha("lora_unet_double_blocks_0_img_attn_qkv", "F32", 2, 2, H, 3 * H, "double_blocks.0.img_attn.qkv.weight", 0, 1);
        loha.Raw(new RawTensor("lora_unet_double_blocks_0_img_attn_qkv.dora_scale", "F32", [1, H]));
        Assert.Contains("DoRA file", ReadError(loha));
    }

    [Fact]
    public void Peft_magnitude_vector_and_use_dora_metadata_are_refused_as_dora()
    {
        var f = new ProducerLora(2);
        f.Pair("transformer.transformer_blocks.0.attn.to_q.lora_A.weight", "transformer.transformer_blocks.0.attn.to_q.lora_B.weight", "F32", 2, H, H, "double_blocks.0.img_attn.qkv.weight", 0, 1);
        f.Raw(new RawTensor("transformer.transformer_blocks.0.attn.to_q.lora_magnitude_vector.weight", "F32", [H]));
        Assert.Contains("DoRA", ReadError(f));

        var flagged = new ProducerLora(3);
        flagged.Pair("transformer.transformer_blocks.0.attn.to_q.lora_A.weight", "transformer.transformer_blocks.0.attn.to_q.lora_B.weight", "F32", 2, H, H, "double_blocks.0.img_attn.qkv.weight", 0, 1);
        flagged.Metadata["lora_adapter_metadata"] = "{\"transformer.r\": 2, \"transformer.lora_alpha\": 2, \"transformer.use_dora\": true}";
        Assert.Contains("DoRA", ReadError(flagged));
    }

    [Theory]
    [InlineData("transformer.transformer_blocks.0.attn.to_q.lokr_w1", "LoKr")]
    [InlineData("lycoris_transformer_blocks_0_attn_to_q.lokr_w2_a", "LoKr")]
    [InlineData("lora_transformer_transformer_blocks_0_attn_to_q.hada_t1", "LoHa with Tucker factors")]
    [InlineData("lora_unet_double_blocks_0_img_attn_qkv.hada_w1_a", "LoHa module 'lora_unet_double_blocks_0_img_attn_qkv' needs exactly")]
    [InlineData("lora_unet_double_blocks_0_img_attn_qkv.a1.weight", "GLoRA")]
    [InlineData("lora_unet_double_blocks_0_img_attn_qkv.oft_blocks", "OFT")]
    [InlineData("diffusion_model.double_blocks.0.img_attn.qkv.diff", "full weight difference")]
    public void Lycoris_algorithms_are_refused_by_name(string key, string algorithm)
    {
        ProducerLora f = KohyaQkv(4);
        f.Raw(new RawTensor(key, "F32", [2, 2]));
        Assert.Contains(algorithm, ReadError(f));
    }

    [Fact]
    public void Kohya_lycoris_metadata_names_its_algo()
    {
        ProducerLora f = KohyaQkv(5);
        f.Metadata["ss_network_module"] = "lycoris.kohya";
        f.Metadata["ss_network_args"] = "{\"algo\": \"lokr\"}";
        Assert.Contains("LyCORIS lokr", ReadError(f));
    }

    [Fact]
    public void A_module_of_a_deeper_model_is_refused()
    {
        ProducerLora f = KohyaQkv(6);
        f.Pair("lora_unet_double_blocks_5_img_attn_qkv.lora_down.weight", "lora_unet_double_blocks_5_img_attn_qkv.lora_up.weight", "F32", 2, H, 3 * H, "double_blocks.0.img_attn.qkv.weight", 0, 1);
        Assert.Contains("'lora_unet_double_blocks_5_img_attn_qkv' does not name a Linear", ReadError(f));
    }

    [Fact]
    public void A_lora_of_another_width_is_refused_with_its_shapes()
    {
        var f = new ProducerLora(7);
        f.Pair("lora_unet_double_blocks_0_img_attn_qkv.lora_down.weight", "lora_unet_double_blocks_0_img_attn_qkv.lora_up.weight", "F32", 2, 2 * H, 6 * H, "double_blocks.0.img_attn.qkv.weight", 0, 1);
        Assert.Contains("has down [2, 32] and up [96, 2]", ReadError(f));
    }

    [Fact]
    public void Bfl_control_lora_bias_and_unknown_keys_are_refused()
    {
        ProducerLora f = KohyaQkv(8);
        f.Raw(new RawTensor("double_blocks.0.img_attn.qkv.lora_B.bias", "F32", [3 * H]));
        Assert.Contains("control LoRA", ReadError(f));

        ProducerLora g = KohyaQkv(9);
        g.Raw(new RawTensor("double_blocks.0.processor.qkv_lora1.down.weight", "F32", [2, H]));
        Assert.Contains("XLabs", ReadError(g));
    }

    [Fact]
    public void A_text_encoder_only_file_says_so()
    {
        var f = new ProducerLora(10);
        f.TextEncoder("lora_te1_text_model_encoder_layers_0_mlp_fc1.lora_down.weight", [2, 8]);
        Assert.Contains("no FLUX transformer LoRA modules found (only 1 text-encoder keys)", ReadError(f));
    }
}
