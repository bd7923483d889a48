using EpochCompare.Flux.Config;
using EpochCompare.Flux.Lora;

namespace EpochCompare.Flux.Tests.Lora;

public class LoraNameTests
{
    [Fact]
    public void Kohya_names_round_trip_for_every_default_target_and_embedder()
    {
        FluxParams dev = FluxPresets.Dev;
        string[] targets = LoraTargets.WithEmbedders(dev, ["img", "time", "vector", "guidance", "txt"]).ToArray();
        Assert.Equal(304 + 8, targets.Length);
        foreach (string module in targets)
        {
            string kohya = KohyaLoraNames.FromModulePath(module);
            Assert.True(KohyaLoraNames.TryGetModulePath(kohya, out string back), kohya);
            Assert.Equal(module, back);
            Assert.NotNull(FluxLinearShapes.Of(module, dev));
        }
        Assert.Equal("lora_unet_double_blocks_0_img_attn_qkv", KohyaLoraNames.FromModulePath("double_blocks.0.img_attn.qkv"));
        Assert.True(KohyaLoraNames.TryGetModulePath("lora_unet_single_blocks_37_modulation_lin", out string single));
        Assert.Equal("single_blocks.37.modulation.lin", single);
        Assert.False(KohyaLoraNames.TryGetModulePath("lora_te1_text_model_encoder_layers_0_mlp_fc1", out _));
        Assert.True(KohyaLoraNames.TryGetModulePath("lora_unet_final_layer_linear", out string final));
        Assert.Equal("final_layer.linear", final);
        Assert.True(KohyaLoraNames.TryGetModulePath("lora_unet_final_layer_adaLN_modulation_1", out string adaLn));
        Assert.Equal("final_layer.adaLN_modulation.1", adaLn);
        Assert.False(KohyaLoraNames.TryGetModulePath("lora_unet_final_layer_norm", out _));
    }

    [Fact]
    public void Lora_parameter_count_matches_kohya_for_the_12B_model()
    {
        long perRank = LoraTargets.Default(FluxPresets.Dev).Sum(m =>
        {
            (int i, int o) = FluxLinearShapes.Of(m, FluxPresets.Dev)!.Value;
            return (long)i + o;
        });
        Assert.Equal(4_786_176, perRank);
    }

    [Theory]
    [InlineData("transformer.transformer_blocks.3.attn.to_q", "double_blocks.3.img_attn.qkv", 0, 3072)]
    [InlineData("transformer.transformer_blocks.3.attn.to_k", "double_blocks.3.img_attn.qkv", 3072, 3072)]
    [InlineData("transformer.transformer_blocks.3.attn.add_v_proj", "double_blocks.3.txt_attn.qkv", 6144, 3072)]
    [InlineData("transformer.transformer_blocks.0.attn.to_out.0", "double_blocks.0.img_attn.proj", 0, 3072)]
    [InlineData("transformer.transformer_blocks.0.ff_context.net.0.proj", "double_blocks.0.txt_mlp.0", 0, 12288)]
    [InlineData("transformer.transformer_blocks.0.norm1_context.linear", "double_blocks.0.txt_mod.lin", 0, 18432)]
    [InlineData("transformer.single_transformer_blocks.5.proj_mlp", "single_blocks.5.linear1", 9216, 12288)]
    [InlineData("transformer.single_transformer_blocks.5.attn.to_v", "single_blocks.5.linear1", 6144, 3072)]
    [InlineData("transformer.single_transformer_blocks.5.proj_out", "single_blocks.5.linear2", 0, 3072)]
    [InlineData("base_model.model.transformer.x_embedder", "img_in", 0, 3072)]
    [InlineData("transformer.time_text_embed.guidance_embedder.linear_2", "guidance_in.out_layer", 0, 3072)]
    [InlineData("diffusion_model.double_blocks.1.img_attn.qkv", "double_blocks.1.img_attn.qkv", 0, 9216)]
    public void Peft_names_map_onto_bfl_rows(string module, string expectedModule, int rowStart, int rowCount)
    {
        Assert.True(PeftLoraNames.TryMap(module, FluxPresets.Dev, out PeftLoraTarget target));
        Assert.Equal(expectedModule, target.ModulePath);
        Assert.Equal(rowStart, target.RowStart);
        Assert.Equal(rowCount, target.RowCount);
    }

    [Fact]
    public void Peft_unknown_modules_are_not_mapped()
    {
        Assert.False(PeftLoraNames.TryMap("transformer.transformer_blocks.0.attn.to_x", FluxPresets.Dev, out _));
        Assert.False(PeftLoraNames.TryMap("transformer.double_blocks.99.img_attn.qkv", FluxPresets.Dev, out _));
        Assert.True(PeftLoraNames.TryMap("transformer.norm_out.linear", FluxPresets.Dev, out PeftLoraTarget final));
        Assert.True(final.SwapHalves);
    }
}
