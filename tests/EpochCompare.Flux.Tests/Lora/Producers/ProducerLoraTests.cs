using static EpochCompare.Flux.Tests.Lora.Producers.ProducerMergeCheck;

namespace EpochCompare.Flux.Tests.Lora.Producers;

/// <summary>
/// Each producer's FLUX LoRA (real-formats.md §2.1, §2.2): names, dtypes and metadata as that tool writes them;
/// the merged weights must equal base + the delta computed independently with that producer's scale rule.
/// </summary>
public class ProducerLoraTests
{
    private static void Kohya(ProducerLora f, string name, string dtype, int rank, int inFeatures, int rows, string bflKey, double alpha, string alphaDType = "BF16")
    {
        f.Pair($"{name}.lora_down.weight", $"{name}.lora_up.weight", dtype, rank, inFeatures, rows, bflKey, 0, alpha / rank);
        f.Scalar($"{name}.alpha", alphaDType, alpha);
    }

    [Fact]
    public void Kohya_fused_with_embedders_final_layer_and_text_encoders()
    {
        var f = new ProducerLora(1);
        f.Metadata["ss_network_module"] = "networks.lora_flux";
        f.Metadata["ss_network_dim"] = "4";
        f.Metadata["ss_network_alpha"] = "8.0";
        f.Metadata["ss_network_args"] = "{\"in_dims\": \"[4, 0, 0, 4, 0]\"}";
        f.Metadata["ss_epoch"] = "25";
        f.Metadata["modelspec.architecture"] = "flux-1-dev/lora";
        Kohya(f, "lora_unet_double_blocks_0_img_attn_qkv", "BF16", 4, H, 3 * H, "double_blocks.0.img_attn.qkv.weight", 8);
        Kohya(f, "lora_unet_double_blocks_1_txt_mlp_0", "BF16", 4, H, Mlp, "double_blocks.1.txt_mlp.0.weight", 8);
        Kohya(f, "lora_unet_double_blocks_1_img_mod_lin", "BF16", 4, H, 6 * H, "double_blocks.1.img_mod.lin.weight", 8);
        Kohya(f, "lora_unet_single_blocks_1_linear1", "BF16", 4, H, 3 * H + Mlp, "single_blocks.1.linear1.weight", 8);
        Kohya(f, "lora_unet_single_blocks_0_linear2", "BF16", 4, H + Mlp, H, "single_blocks.0.linear2.weight", 8);
        Kohya(f, "lora_unet_single_blocks_0_modulation_lin", "BF16", 4, H, 3 * H, "single_blocks.0.modulation.lin.weight", 8);
        Kohya(f, "lora_unet_img_in", "BF16", 4, 8, H, "img_in.weight", 8);
        Kohya(f, "lora_unet_guidance_in_in_layer", "BF16", 4, 256, H, "guidance_in.in_layer.weight", 8);
        // The int default alpha kohya never cast (flux-spec §6.1).
        Kohya(f, "lora_unet_final_layer_linear", "BF16", 2, H, 8, "final_layer.linear.weight", 1, alphaDType: "I64");
        Kohya(f, "lora_unet_final_layer_adaLN_modulation_1", "BF16", 2, H, 2 * H, "final_layer.adaLN_modulation.1.weight", 4);
        foreach (string te in (string[])["lora_te1_text_model_encoder_layers_0_self_attn_q_proj", "lora_te3_encoder_block_0_layer_0_SelfAttention_q"])
        {
            f.TextEncoder(te + ".lora_down.weight", [4, 8]);
            f.TextEncoder(te + ".lora_up.weight", [8, 4]);
            f.TextEncoder(te + ".alpha", []);
        }
        AssertMerges(f, strength: 0.75);
    }

    [Fact]
    public void Kohya_split_qkv_scales_each_part_by_alpha_over_its_own_rank()
    {
        var f = new ProducerLora(2);
        f.Metadata["ss_network_args"] = "{\"split_qkv\": \"True\", \"train_blocks\": \"all\"}";
        // alpha 4, r 2 per part: trained at 4 / 2 = 2, although the saved down has 3r (or 4r) rows.
        f.FusedBlockDiagonal("lora_unet_double_blocks_0_img_attn_qkv.lora_down.weight", "lora_unet_double_blocks_0_img_attn_qkv.lora_up.weight",
            "BF16", 2, H, [H, H, H], "double_blocks.0.img_attn.qkv.weight", 2.0);
        f.Scalar("lora_unet_double_blocks_0_img_attn_qkv.alpha", "BF16", 4);
        f.FusedBlockDiagonal("lora_unet_single_blocks_1_linear1.lora_down.weight", "lora_unet_single_blocks_1_linear1.lora_up.weight",
            "BF16", 2, H, [H, H, H, Mlp], "single_blocks.1.linear1.weight", 2.0);
        f.Scalar("lora_unet_single_blocks_1_linear1.alpha", "BF16", 4);
        Kohya(f, "lora_unet_double_blocks_0_img_attn_proj", "BF16", 2, H, H, "double_blocks.0.img_attn.proj.weight", 4);
        AssertMerges(f);
    }

    [Fact]
    public void Ai_toolkit_peft_keys_scale_one_with_split_projections_in_their_rows()
    {
        var f = new ProducerLora(3);
        f.Metadata["format"] = "pt";
        f.Metadata["name"] = "my_lora";
        f.Metadata["version"] = "1.0";
        f.Metadata["training_info"] = "{\"step\": 500, \"epoch\": 2}";
        f.Metadata["ss_base_model_version"] = "flux.1";
        f.Metadata["software"] = "{\"name\": \"ai-toolkit\", \"repo\": \"https://github.com/ostris/ai-toolkit\", \"version\": \"0.1.0\"}";
        void Peft(string module, int inFeatures, int rows, string bflKey, int rowStart) =>
            f.Pair($"transformer.{module}.lora_A.weight", $"transformer.{module}.lora_B.weight", "F16", 4, inFeatures, rows, bflKey, rowStart, 1.0);
        Peft("transformer_blocks.0.attn.to_q", H, H, "double_blocks.0.img_attn.qkv.weight", 0);
        Peft("transformer_blocks.0.attn.to_v", H, H, "double_blocks.0.img_attn.qkv.weight", 2 * H);
        Peft("transformer_blocks.1.attn.add_k_proj", H, H, "double_blocks.1.txt_attn.qkv.weight", H);
        Peft("transformer_blocks.1.attn.to_out.0", H, H, "double_blocks.1.img_attn.proj.weight", 0);
        Peft("transformer_blocks.1.attn.to_add_out", H, H, "double_blocks.1.txt_attn.proj.weight", 0);
        Peft("transformer_blocks.0.ff.net.0.proj", H, Mlp, "double_blocks.0.img_mlp.0.weight", 0);
        Peft("transformer_blocks.0.ff_context.net.2", Mlp, H, "double_blocks.0.txt_mlp.2.weight", 0);
        Peft("transformer_blocks.0.norm1.linear", H, 6 * H, "double_blocks.0.img_mod.lin.weight", 0);
        Peft("transformer_blocks.0.norm1_context.linear", H, 6 * H, "double_blocks.0.txt_mod.lin.weight", 0);
        Peft("single_transformer_blocks.1.attn.to_q", H, H, "single_blocks.1.linear1.weight", 0);
        Peft("single_transformer_blocks.1.attn.to_k", H, H, "single_blocks.1.linear1.weight", H);
        Peft("single_transformer_blocks.1.proj_mlp", H, Mlp, "single_blocks.1.linear1.weight", 3 * H);
        Peft("single_transformer_blocks.0.proj_out", H + Mlp, H, "single_blocks.0.linear2.weight", 0);
        Peft("single_transformer_blocks.0.norm.linear", H, 3 * H, "single_blocks.0.modulation.lin.weight", 0);
        AssertMerges(f);
    }

    [Fact]
    public void Diffusers_save_lora_adapter_uses_rslora_rank_and_alpha_patterns()
    {
        var f = new ProducerLora(4);
        f.Metadata["format"] = "pt";
        f.Metadata["lora_adapter_metadata"] = """
            {
              "alpha_pattern": {
                "to_k": 3
              },
              "lora_alpha": 8,
              "r": 4,
              "rank_pattern": {
                "single_transformer_blocks.1.proj_out": 2
              },
              "target_modules": ["to_q", "to_k", "proj_out", "norm_out.linear"],
              "use_dora": false,
              "use_rslora": true
            }
            """;
        f.Pair("transformer_blocks.0.attn.to_q.lora_A.weight", "transformer_blocks.0.attn.to_q.lora_B.weight", "F32", 4, H, H, "double_blocks.0.img_attn.qkv.weight", 0, 8 / Math.Sqrt(4));
        f.Pair("transformer_blocks.1.attn.to_k.lora_A.weight", "transformer_blocks.1.attn.to_k.lora_B.weight", "F32", 4, H, H, "double_blocks.1.img_attn.qkv.weight", H, 3 / Math.Sqrt(4));
        f.Pair("single_transformer_blocks.1.proj_out.lora_A.weight", "single_transformer_blocks.1.proj_out.lora_B.weight", "F32", 2, H + Mlp, H, "single_blocks.1.linear2.weight", 0, 8 / Math.Sqrt(2));
        f.Pair("proj_out.lora_A.weight", "proj_out.lora_B.weight", "F32", 4, H, 8, "final_layer.linear.weight", 0, 8 / Math.Sqrt(4));
        // diffusers' norm_out is (scale, shift); BFL's adaLN_modulation.1 is (shift, scale).
        f.Pair("norm_out.linear.lora_A.weight", "norm_out.linear.lora_B.weight", "F32", 4, H, 2 * H, "final_layer.adaLN_modulation.1.weight", 0, 8 / Math.Sqrt(4), swap: true);
        AssertMerges(f);
    }

    [Fact]
    public void SimpleTuner_alpha_comes_from_the_prefixed_adapter_metadata()
    {
        var f = new ProducerLora(5);
        f.Metadata["format"] = "pt";
        f.Metadata["modelspec.sai_model_spec"] = "1.0.1";
        f.Metadata["modelspec.architecture"] = "flux-dev/lora";
        f.Metadata["modelspec.implementation"] = "diffusers";
        f.Metadata["global_step"] = "500";
        f.Metadata["lora_adapter_metadata"] = """
            {
              "transformer.alpha_pattern": {},
              "transformer.lora_alpha": 32,
              "transformer.r": 16,
              "transformer.rank_pattern": {},
              "transformer.target_modules": ["to_k", "to_q", "to_v", "to_out.0", "add_k_proj", "add_q_proj", "add_v_proj", "to_add_out"],
              "transformer.use_dora": false,
              "transformer.use_rslora": false
            }
            """;
        // lora_alpha 32 / r 16: twice up @ down (read as 1 it merged at half strength).
        f.Pair("transformer.transformer_blocks.0.attn.to_q.lora_A.weight", "transformer.transformer_blocks.0.attn.to_q.lora_B.weight", "BF16", 16, H, H, "double_blocks.0.img_attn.qkv.weight", 0, 2.0);
        f.Pair("transformer.transformer_blocks.0.attn.to_k.lora_A.weight", "transformer.transformer_blocks.0.attn.to_k.lora_B.weight", "BF16", 16, H, H, "double_blocks.0.img_attn.qkv.weight", H, 2.0);
        f.Pair("transformer.single_transformer_blocks.0.attn.to_v.lora_A.weight", "transformer.single_transformer_blocks.0.attn.to_v.lora_B.weight", "BF16", 16, H, H, "single_blocks.0.linear1.weight", 2 * H, 2.0);
        f.Pair("transformer.transformer_blocks.1.attn.to_add_out.lora_A.weight", "transformer.transformer_blocks.1.attn.to_add_out.lora_B.weight", "BF16", 16, H, H, "double_blocks.1.txt_attn.proj.weight", 0, 2.0);
        AssertMerges(f);
    }

    [Fact]
    public void SimpleTuner_comfyui_format_alpha_keys()
    {
        var f = new ProducerLora(6);
        f.Metadata["modelspec.implementation"] = "diffusers";
        f.Metadata["lora_adapter_metadata"] = "{\"transformer.lora_alpha\": 2, \"transformer.r\": 4}";
        foreach ((string module, string key, int row) in new[] { ("transformer_blocks.1.attn.to_v", "double_blocks.1.img_attn.qkv.weight", 2 * H), ("transformer_blocks.1.attn.add_q_proj", "double_blocks.1.txt_attn.qkv.weight", 0) })
        {
            f.Pair($"transformer.{module}.lora_A.weight", $"transformer.{module}.lora_B.weight", "BF16", 4, H, H, key, row, 0.5);
            f.Scalar($"transformer.{module}.alpha", "F32", 2);
        }
        AssertMerges(f);
    }

    [Fact]
    public void OneTrainer_legacy_lora_transformer_keys_with_alpha_and_te2_t5()
    {
        var f = new ProducerLora(7);
        f.Metadata["modelspec.sai_model_spec"] = "1.0.0";
        f.Metadata["modelspec.architecture"] = "Flux.1-dev/lora";
        f.Metadata["modelspec.implementation"] = "https://github.com/huggingface/diffusers";
        f.Metadata["ot_branch"] = "master";
        f.Metadata["ot_revision"] = "23df3832";
        void Legacy(string module, int inFeatures, int rows, string bflKey, int rowStart, bool swap = false)
        {
            string name = "lora_transformer_" + module.Replace('.', '_');
            f.Pair($"{name}.lora_down.weight", $"{name}.lora_up.weight", "F32", 16, inFeatures, rows, bflKey, rowStart, 1.0 / 16, swap);
            f.Scalar($"{name}.alpha", "F32", 1.0);
        }
        Legacy("transformer_blocks.0.attn.to_q", H, H, "double_blocks.0.img_attn.qkv.weight", 0);
        Legacy("transformer_blocks.0.attn.to_k", H, H, "double_blocks.0.img_attn.qkv.weight", H);
        Legacy("transformer_blocks.0.attn.to_v", H, H, "double_blocks.0.img_attn.qkv.weight", 2 * H);
        Legacy("transformer_blocks.1.ff_context.net.0.proj", H, Mlp, "double_blocks.1.txt_mlp.0.weight", 0);
        Legacy("single_transformer_blocks.0.proj_mlp", H, Mlp, "single_blocks.0.linear1.weight", 3 * H);
        Legacy("time_text_embed.timestep_embedder.linear_1", 256, H, "time_in.in_layer.weight", 0);
        Legacy("norm_out.linear", H, 2 * H, "final_layer.adaLN_modulation.1.weight", 0, swap: true);
        foreach (string te in (string[])["lora_te1_text_model_encoder_layers_0_mlp_fc1", "lora_te2_encoder_block_0_layer_0_SelfAttention_q"])
        {
            f.TextEncoder(te + ".lora_down.weight", [16, 8]);
            f.TextEncoder(te + ".lora_up.weight", [8, 16]);
            f.TextEncoder(te + ".alpha", []);
        }
        AssertMerges(f);
    }

    [Fact]
    public void OneTrainer_comfy_and_original_bfl_names_with_alpha()
    {
        var f = new ProducerLora(8);
        f.Metadata["ot_branch"] = "master";
        void Bfl(string prefix, string module, int inFeatures, int rows)
        {
            f.Pair($"{prefix}{module}.lora_A.weight", $"{prefix}{module}.lora_B.weight", "BF16", 4, inFeatures, rows, module + ".weight", 0, 3.0 / 4);
            f.Scalar($"{prefix}{module}.alpha", "BF16", 3.0);
        }
        Bfl("diffusion_model.", "double_blocks.0.img_attn.qkv", H, 3 * H);
        Bfl("diffusion_model.", "single_blocks.1.linear2", H + Mlp, H);
        f.TextEncoder("text_encoders.clip_l.transformer.text_model.encoder.layers.0.self_attn.q_proj.lora_A.weight", [4, 8]);
        f.TextEncoder("text_encoders.t5xxl.transformer.encoder.block.0.layer.0.SelfAttention.q.lora_A.weight", [4, 8]);
        AssertMerges(f);

        var original = new ProducerLora(9);
        original.Metadata["ot_branch"] = "master";
        original.Pair("double_blocks.1.txt_attn.proj.lora_A.weight", "double_blocks.1.txt_attn.proj.lora_B.weight", "F32", 4, H, H, "double_blocks.1.txt_attn.proj.weight", 0, 0.25);
        original.Scalar("double_blocks.1.txt_attn.proj.alpha", "F32", 1.0);
        // BFL names: already (shift, scale), no swap.
        original.Pair("final_layer.adaLN_modulation.1.lora_A.weight", "final_layer.adaLN_modulation.1.lora_B.weight", "F32", 4, H, 2 * H, "final_layer.adaLN_modulation.1.weight", 0, 0.25);
        original.Scalar("final_layer.adaLN_modulation.1.alpha", "F32", 1.0);
        AssertMerges(original);
    }

    [Fact]
    public void ComfyUI_accepts_the_older_suffix_spellings()
    {
        var f = new ProducerLora(10);
        f.Pair("transformer.transformer_blocks.0.attn.to_v.lora_linear_layer.down.weight", "transformer.transformer_blocks.0.attn.to_v.lora_linear_layer.up.weight", "F32", 2, H, H, "double_blocks.0.img_attn.qkv.weight", 2 * H, 1.0);
        f.Pair("diffusion_model.double_blocks.1.img_mlp.2.lora.down.weight", "diffusion_model.double_blocks.1.img_mlp.2.lora.up.weight", "F32", 2, Mlp, H, "double_blocks.1.img_mlp.2.weight", 0, 1.0);
        f.Pair("lora_unet_double_blocks_1_txt_mod_lin_lora.down.weight", "lora_unet_double_blocks_1_txt_mod_lin_lora.up.weight", "F32", 2, H, 6 * H, "double_blocks.1.txt_mod.lin.weight", 0, 2.0);
        f.Scalar("lora_unet_double_blocks_1_txt_mod_lin.alpha", "F32", 4);
        AssertMerges(f);
    }

    [Fact]
    public void Lycoris_loha_merges_as_comfyui_applies_it()
    {
        var f = new ProducerLora(12);
        f.Metadata["ss_network_module"] = "lycoris.kohya";
        f.Metadata["ss_network_args"] = "{\"algo\": \"loha\", \"preset\": \"attn-mlp\"}";
        // kohya-side LyCORIS names: alpha 4 / r1 2.
        f.Loha("lora_unet_double_blocks_1_img_attn_qkv", "BF16", 2, 2, H, 3 * H, "double_blocks.1.img_attn.qkv.weight", 0, 2.0);
        f.Scalar("lora_unet_double_blocks_1_img_attn_qkv.alpha", "BF16", 4);
        // SimpleTuner's lycoris_ names on a diffusers split module: its rows of linear1; no alpha: scale 1.
        f.Loha("lycoris_single_transformer_blocks_0_attn_to_k", "BF16", 3, 2, H, H, "single_blocks.0.linear1.weight", H, 1.0);
        AssertMerges(f, strength: 0.8);
    }
}
