namespace EpochCompare.Flux.Tests.RealFormats;

/// <summary>
/// Every key, dtype and shape of the files FLUX users have, written out from the published configs and
/// ../shared/specs (flux-spec §1.13, real-formats §3), independently of the model classes.
/// Written with <see cref="RawSafeTensors"/> and no data, they are sparse: a 24 GB header costs no disk.
/// </summary>
internal static class RealHeaders
{
    /// <summary>flux1-dev / flux1-schnell (BFL names, BF16): 780 / 776 keys.</summary>
    public static List<RawTensor> FluxTransformer(bool dev, string dtype = "BF16", string prefix = "")
    {
        const long h = 3072, mlp = 12288, head = 128;
        var t = new List<RawTensor>();
        void Linear(string name, long outFeatures, long inFeatures)
        {
            t.Add(new RawTensor($"{prefix}{name}.weight", dtype, [outFeatures, inFeatures]));
            t.Add(new RawTensor($"{prefix}{name}.bias", dtype, [outFeatures]));
        }
        void Scale(string name) => t.Add(new RawTensor($"{prefix}{name}.scale", dtype, [head]));
        Linear("img_in", h, 64);
        Linear("time_in.in_layer", h, 256);
        Linear("time_in.out_layer", h, h);
        Linear("vector_in.in_layer", h, 768);
        Linear("vector_in.out_layer", h, h);
        if (dev)
        {
            Linear("guidance_in.in_layer", h, 256);
            Linear("guidance_in.out_layer", h, h);
        }
        Linear("txt_in", h, 4096);
        for (int i = 0; i < 19; i++)
        {
            foreach (string stream in new[] { "img", "txt" })
            {
                string b = $"double_blocks.{i}.{stream}";
                Linear($"{b}_mod.lin", 6 * h, h);
                Linear($"{b}_attn.qkv", 3 * h, h);
                Scale($"{b}_attn.norm.query_norm");
                Scale($"{b}_attn.norm.key_norm");
                Linear($"{b}_attn.proj", h, h);
                Linear($"{b}_mlp.0", mlp, h);
                Linear($"{b}_mlp.2", h, mlp);
            }
        }
        for (int j = 0; j < 38; j++)
        {
            string b = $"single_blocks.{j}";
            Linear($"{b}.linear1", 3 * h + mlp, h);
            Linear($"{b}.linear2", h, h + mlp);
            Scale($"{b}.norm.query_norm");
            Scale($"{b}.norm.key_norm");
            Linear($"{b}.modulation.lin", 3 * h, h);
        }
        Linear("final_layer.linear", 64, h);
        Linear("final_layer.adaLN_modulation.1", 2 * h, h);
        return t;
    }

    /// <summary>clip_l.safetensors (HF CLIPTextModel names, F16): width 768, 12 layers, MLP 3072, vocab 49408, 77 positions.</summary>
    public static List<RawTensor> ClipL(string prefix = "", string dtype = "F16")
    {
        const long w = 768, mlp = 3072;
        var t = new List<RawTensor>
        {
            new($"{prefix}text_model.embeddings.token_embedding.weight", dtype, [49408, w]),
            new($"{prefix}text_model.embeddings.position_embedding.weight", dtype, [77, w]),
        };
        void Add(string name, params long[] shape) => t.Add(new RawTensor(prefix + name, dtype, shape));
        for (int i = 0; i < 12; i++)
        {
            string l = $"text_model.encoder.layers.{i}";
            foreach (string norm in new[] { "layer_norm1", "layer_norm2" })
            {
                Add($"{l}.{norm}.weight", w);
                Add($"{l}.{norm}.bias", w);
            }
            foreach (string proj in new[] { "q_proj", "k_proj", "v_proj", "out_proj" })
            {
                Add($"{l}.self_attn.{proj}.weight", w, w);
                Add($"{l}.self_attn.{proj}.bias", w);
            }
            Add($"{l}.mlp.fc1.weight", mlp, w);
            Add($"{l}.mlp.fc1.bias", mlp);
            Add($"{l}.mlp.fc2.weight", w, mlp);
            Add($"{l}.mlp.fc2.bias", w);
        }
        Add("text_model.final_layer_norm.weight", w);
        Add("text_model.final_layer_norm.bias", w);
        return t;
    }

    /// <summary>t5xxl_fp16 / t5xxl_fp8_e4m3fn (HF T5EncoderModel names): d_model 4096, 64 heads of 64, d_ff 10240, 24 blocks, vocab 32128.</summary>
    public static List<RawTensor> T5Xxl(string prefix = "", string linearDType = "F16", bool tiedCopy = false)
    {
        const long d = 4096, ff = 10240;
        var t = new List<RawTensor> { new($"{prefix}shared.weight", "F16", [32128, d]) };
        if (tiedCopy)
        {
            t.Add(new RawTensor($"{prefix}encoder.embed_tokens.weight", "F16", [32128, d]));
        }
        for (int i = 0; i < 24; i++)
        {
            string b = $"{prefix}encoder.block.{i}.layer";
            foreach (string p in new[] { "q", "k", "v", "o" })
            {
                t.Add(new RawTensor($"{b}.0.SelfAttention.{p}.weight", linearDType, [d, d]));
            }
            if (i == 0)
            {
                t.Add(new RawTensor($"{b}.0.SelfAttention.relative_attention_bias.weight", "F16", [32, 64]));
            }
            t.Add(new RawTensor($"{b}.0.layer_norm.weight", "F16", [d]));
            t.Add(new RawTensor($"{b}.1.DenseReluDense.wi_0.weight", linearDType, [ff, d]));
            t.Add(new RawTensor($"{b}.1.DenseReluDense.wi_1.weight", linearDType, [ff, d]));
            t.Add(new RawTensor($"{b}.1.DenseReluDense.wo.weight", linearDType, [d, ff]));
            t.Add(new RawTensor($"{b}.1.layer_norm.weight", "F16", [d]));
        }
        t.Add(new RawTensor($"{prefix}encoder.final_layer_norm.weight", "F16", [d]));
        return t;
    }

    /// <summary>ae.safetensors (BFL names, F32) or diffusers vae/ (AutoencoderKL names): ch 128, ch_mult [1, 2, 4, 4], 2 blocks, z 16.</summary>
    public static List<RawTensor> Autoencoder(bool diffusers, string prefix = "")
    {
        long[] mult = [1, 2, 4, 4];
        const long ch = 128, z = 16;
        int levels = mult.Length;
        var t = new List<RawTensor>();
        void Conv(string name, long outC, long inC, long k)
        {
            t.Add(new RawTensor($"{prefix}{name}.weight", "F32", [outC, inC, k, k]));
            t.Add(new RawTensor($"{prefix}{name}.bias", "F32", [outC]));
        }
        void Norm(string name, long c)
        {
            t.Add(new RawTensor($"{prefix}{name}.weight", "F32", [c]));
            t.Add(new RawTensor($"{prefix}{name}.bias", "F32", [c]));
        }
        void Resnet(string name, long inC, long outC)
        {
            Norm($"{name}.norm1", inC);
            Conv($"{name}.conv1", outC, inC, 3);
            Norm($"{name}.norm2", outC);
            Conv($"{name}.conv2", outC, outC, 3);
            if (inC != outC)
            {
                Conv($"{name}.{(diffusers ? "conv_shortcut" : "nin_shortcut")}", outC, inC, 1);
            }
        }
        void Mid(string side, long c)
        {
            string mid = diffusers ? $"{side}.mid_block" : $"{side}.mid";
            Resnet(diffusers ? $"{mid}.resnets.0" : $"{mid}.block_1", c, c);
            string attn = diffusers ? $"{mid}.attentions.0" : $"{mid}.attn_1";
            Norm(diffusers ? $"{attn}.group_norm" : $"{attn}.norm", c);
            foreach ((string bfl, string diff) in new[] { ("q", "to_q"), ("k", "to_k"), ("v", "to_v"), ("proj_out", "to_out.0") })
            {
                if (diffusers)
                {
                    t.Add(new RawTensor($"{prefix}{attn}.{diff}.weight", "F32", [c, c]));
                    t.Add(new RawTensor($"{prefix}{attn}.{diff}.bias", "F32", [c]));
                }
                else
                {
                    Conv($"{attn}.{bfl}", c, c, 1);
                }
            }
            Resnet(diffusers ? $"{mid}.resnets.1" : $"{mid}.block_2", c, c);
        }
        string normOut = diffusers ? "conv_norm_out" : "norm_out";

        Conv("encoder.conv_in", ch, 3, 3);
        long blockIn = ch;
        for (int i = 0; i < levels; i++)
        {
            long blockOut = ch * mult[i];
            for (int j = 0; j < 2; j++)
            {
                Resnet(diffusers ? $"encoder.down_blocks.{i}.resnets.{j}" : $"encoder.down.{i}.block.{j}", blockIn, blockOut);
                blockIn = blockOut;
            }
            if (i != levels - 1)
            {
                Conv(diffusers ? $"encoder.down_blocks.{i}.downsamplers.0.conv" : $"encoder.down.{i}.downsample.conv", blockIn, blockIn, 3);
            }
        }
        Mid("encoder", blockIn);
        Norm($"encoder.{normOut}", blockIn);
        Conv("encoder.conv_out", 2 * z, blockIn, 3);

        blockIn = ch * mult[^1];
        Conv("decoder.conv_in", blockIn, z, 3);
        Mid("decoder", blockIn);
        for (int i = levels - 1; i >= 0; i--)
        {
            long blockOut = ch * mult[i];
            int stored = diffusers ? levels - 1 - i : i;
            string level = diffusers ? $"decoder.up_blocks.{stored}" : $"decoder.up.{stored}";
            for (int j = 0; j < 3; j++)
            {
                Resnet(diffusers ? $"{level}.resnets.{j}" : $"{level}.block.{j}", blockIn, blockOut);
                blockIn = blockOut;
            }
            if (i != 0)
            {
                Conv(diffusers ? $"{level}.upsamplers.0.conv" : $"{level}.upsample.conv", blockIn, blockIn, 3);
            }
        }
        Norm($"decoder.{normOut}", blockIn);
        Conv("decoder.conv_out", 3, blockIn, 3);
        return t;
    }

    public static long Elements(IEnumerable<RawTensor> tensors) => tensors.Sum(t => t.Shape.Aggregate(1L, (a, b) => a * b));
}
