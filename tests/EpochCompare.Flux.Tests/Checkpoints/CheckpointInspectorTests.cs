using System.Text.Json;
using EpochCompare.Flux.Checkpoints;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Transformer;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.Checkpoints;

/// <summary>
/// Headers laid out as each producer writes them (real-formats.md §1), at FLUX.1's real shapes (taken from
/// our BFL modules on the meta device, so nothing is allocated), told apart by their keys.
/// </summary>
public sealed class CheckpointInspectorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ec-inspect-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static List<SafeTensorEntry> BflEntries(FluxParams p, string prefix = "", SafeTensorDType dtype = SafeTensorDType.BF16)
    {
        using var model = new FluxTransformer(p, META);
        return [.. model.state_dict().Select(kv => new SafeTensorEntry(prefix + kv.Key, dtype, kv.Value.shape, 0, 0))];
    }

    private static CheckpointDescription Describe(IReadOnlyList<SafeTensorEntry> entries, Dictionary<string, string>? metadata = null) =>
        CheckpointInspector.Describe("x.safetensors", entries, metadata ?? [], _ => null);

    [Fact]
    public void BflFilesAreTheirModelWithNoKeyMissing()
    {
        CheckpointDescription dev = Describe(BflEntries(FluxPresets.Dev));
        Assert.Equal(CheckpointLayout.Bfl, dev.Layout);
        Assert.Equal("flux-dev", dev.Model);
        Assert.Empty(dev.Missing);
        Assert.Empty(dev.Unexpected);
        Assert.Equal("BF16 x780", dev.DTypes);
        Assert.Equal("flux-schnell", Describe(BflEntries(FluxPresets.Schnell)).Model);
        Assert.Equal("flux-tiny", Describe(BflEntries(FluxPresets.Tiny)).Model);
        Assert.Equal("flux-fill", Describe(BflEntries(FluxPresets.Dev with { InChannels = 384 })).Model);
    }

    [Fact]
    public void ComfyAllInOneCheckpointRecognisesItsBundledVaeAndTextEncoders()
    {
        var entries = BflEntries(FluxPresets.Dev, "model.diffusion_model.", SafeTensorDType.F8E4M3);
        entries.Add(new SafeTensorEntry("vae.encoder.conv_in.weight", SafeTensorDType.BF16, [128, 3, 3, 3], 0, 0));
        entries.Add(new SafeTensorEntry("text_encoders.clip_l.transformer.text_model.encoder.layers.0.self_attn.q_proj.weight", SafeTensorDType.F16, [768, 768], 0, 0));
        entries.Add(new SafeTensorEntry("text_encoders.t5xxl.transformer.encoder.block.0.layer.0.SelfAttention.q.weight", SafeTensorDType.F8E4M3, [4096, 4096], 0, 0));
        CheckpointDescription d = Describe(entries);
        Assert.Equal(CheckpointLayout.ComfyBundle, d.Layout);
        Assert.Equal("model.diffusion_model.", d.Prefix);
        Assert.Equal(["vae", "clip_l", "t5xxl"], d.Bundled);
        Assert.Equal("flux-dev", d.Model);
        Assert.Empty(d.Missing);
        Assert.Empty(d.Unexpected);
    }

    [Theory]
    [InlineData(SafeTensorDType.F8E4M3)]
    [InlineData(SafeTensorDType.F8E5M2)]
    public void ComfyScaledFp8ScalesAndMarkerAreNotUnexpectedKeys(SafeTensorDType fp8)
    {
        var entries = new List<SafeTensorEntry>();
        foreach (SafeTensorEntry e in BflEntries(FluxPresets.Dev))
        {
            bool linear = e.Name.EndsWith(".weight", StringComparison.Ordinal) && e.Shape.Count == 2;
            entries.Add(linear ? e with { DType = fp8 } : e);
            if (linear)
            {
                entries.Add(new SafeTensorEntry(e.Name[..^".weight".Length] + ".scale_weight", SafeTensorDType.F32, [], 0, 0));
            }
        }
        entries.Add(new SafeTensorEntry("scaled_fp8", fp8 == SafeTensorDType.F8E4M3 ? SafeTensorDType.F32 : fp8, [0], 0, 0));
        CheckpointDescription d = Describe(entries);
        Assert.Equal(CheckpointLayout.ComfyScaledFp8, d.Layout);
        Assert.Equal("flux-dev", d.Model);
        Assert.Empty(d.Missing);
        Assert.Empty(d.Unexpected);
        Assert.Contains($"{fp8.Name()} x", d.DTypes);
    }

    /// <summary>BFL to diffusers written out independently of the mapper, from real-formats.md §1.3.</summary>
    internal static List<SafeTensorEntry> DiffusersEntries(FluxParams p)
    {
        int h = p.HiddenSize;
        var result = new List<SafeTensorEntry>();
        void Add(string name, params long[] shape) => result.Add(new SafeTensorEntry(name, SafeTensorDType.BF16, shape, 0, 0));
        foreach (SafeTensorEntry e in BflEntries(p))
        {
            string[] parts = e.Name.Split('.');
            string suffix = parts[^1];
            long[] rest = [.. e.Shape.Skip(1)];
            if (parts[0] == "double_blocks")
            {
                string block = $"transformer_blocks.{parts[1]}.";
                string inner = string.Join('.', parts[2..^1]);
                switch (inner)
                {
                    case "img_attn.qkv":
                        foreach (string q in new[] { "to_q", "to_k", "to_v" }) Add($"{block}attn.{q}.{suffix}", [h, .. rest]);
                        break;
                    case "txt_attn.qkv":
                        foreach (string q in new[] { "add_q_proj", "add_k_proj", "add_v_proj" }) Add($"{block}attn.{q}.{suffix}", [h, .. rest]);
                        break;
                    default:
                        string d = inner switch
                        {
                            "img_mod.lin" => "norm1.linear", "txt_mod.lin" => "norm1_context.linear",
                            "img_attn.proj" => "attn.to_out.0", "txt_attn.proj" => "attn.to_add_out",
                            "img_mlp.0" => "ff.net.0.proj", "img_mlp.2" => "ff.net.2",
                            "txt_mlp.0" => "ff_context.net.0.proj", "txt_mlp.2" => "ff_context.net.2",
                            "img_attn.norm.query_norm" => "attn.norm_q", "img_attn.norm.key_norm" => "attn.norm_k",
                            "txt_attn.norm.query_norm" => "attn.norm_added_q", "txt_attn.norm.key_norm" => "attn.norm_added_k",
                            _ => throw new InvalidOperationException(e.Name),
                        };
                        Add($"{block}{d}.{(suffix == "scale" ? "weight" : suffix)}", [.. e.Shape]);
                        break;
                }
            }
            else if (parts[0] == "single_blocks")
            {
                string block = $"single_transformer_blocks.{parts[1]}.";
                string inner = string.Join('.', parts[2..^1]);
                if (inner == "linear1")
                {
                    foreach (string q in new[] { "attn.to_q", "attn.to_k", "attn.to_v" }) Add($"{block}{q}.{suffix}", [h, .. rest]);
                    Add($"{block}proj_mlp.{suffix}", [e.Shape[0] - 3 * h, .. rest]);
                }
                else
                {
                    string d = inner switch
                    {
                        "linear2" => "proj_out", "modulation.lin" => "norm.linear",
                        "norm.query_norm" => "attn.norm_q", "norm.key_norm" => "attn.norm_k",
                        _ => throw new InvalidOperationException(e.Name),
                    };
                    Add($"{block}{d}.{(suffix == "scale" ? "weight" : suffix)}", [.. e.Shape]);
                }
            }
            else
            {
                string module = e.Name[..^(suffix.Length + 1)];
                string d = module switch
                {
                    "img_in" => "x_embedder", "txt_in" => "context_embedder",
                    "time_in.in_layer" => "time_text_embed.timestep_embedder.linear_1", "time_in.out_layer" => "time_text_embed.timestep_embedder.linear_2",
                    "vector_in.in_layer" => "time_text_embed.text_embedder.linear_1", "vector_in.out_layer" => "time_text_embed.text_embedder.linear_2",
                    "guidance_in.in_layer" => "time_text_embed.guidance_embedder.linear_1", "guidance_in.out_layer" => "time_text_embed.guidance_embedder.linear_2",
                    "final_layer.linear" => "proj_out", "final_layer.adaLN_modulation.1" => "norm_out.linear",
                    _ => throw new InvalidOperationException(e.Name),
                };
                Add($"{d}.{suffix}", [.. e.Shape]);
            }
        }
        return result;
    }

    [Fact]
    public void DiffusersTransformerMapsOntoEveryBflKeyWithFusedShapes()
    {
        List<SafeTensorEntry> entries = DiffusersEntries(FluxPresets.Dev);
        // Each fused weight and bias splits: qkv into 3 in both streams of a double block (+8 keys), linear1 into 4 (+6).
        Assert.Equal(780 + 19 * 8 + 38 * 6, entries.Count);
        CheckpointDescription d = Describe(entries);
        Assert.Equal(CheckpointLayout.Diffusers, d.Layout);
        Assert.Equal("flux-dev", d.Model);
        Assert.Empty(d.Missing);
        Assert.Empty(d.Unexpected);

        var map = DiffusersKeyMap.Map(entries.Select(e => e.Name), out var unmapped).ToDictionary(s => s.BflKey);
        Assert.Empty(unmapped);
        Assert.Equal(["transformer_blocks.3.attn.to_q.weight", "transformer_blocks.3.attn.to_k.weight", "transformer_blocks.3.attn.to_v.weight"],
            map["double_blocks.3.img_attn.qkv.weight"].Parts);
        Assert.Equal(["single_transformer_blocks.7.attn.to_q.bias", "single_transformer_blocks.7.attn.to_k.bias", "single_transformer_blocks.7.attn.to_v.bias", "single_transformer_blocks.7.proj_mlp.bias"],
            map["single_blocks.7.linear1.bias"].Parts);
        Assert.True(map["final_layer.adaLN_modulation.1.weight"].SwapHalves);
        Assert.Equal(["proj_out.weight"], map["final_layer.linear.weight"].Parts);
        Assert.Equal(["single_transformer_blocks.0.proj_out.weight"], map["single_blocks.0.linear2.weight"].Parts);
        Assert.Equal(1, map.Values.Count(s => s.SwapHalves) / 2);
    }

    [Fact]
    public void AFusedKeyWithAPartMissingIsMissingNotHalfLoaded()
    {
        var entries = DiffusersEntries(FluxPresets.Dev).Where(e => e.Name != "transformer_blocks.2.attn.to_v.weight").ToList();
        CheckpointDescription d = Describe(entries);
        Assert.Equal(["double_blocks.2.img_attn.qkv.weight"], d.Missing);
        Assert.Contains("transformer_blocks.2.attn.to_q.weight (no BFL key)", d.Unexpected);
    }

    [Fact]
    public void ADiffusersFolderItsIndexAndOneShardAreReadWhole()
    {
        FluxParams small = FluxPresets.Tiny with { HiddenSize = 32, NumHeads = 2, AxesDim = [4, 6, 6], Depth = 2, DepthSingleBlocks = 2, InChannels = 16, OutChannels = 16, VecInDim = 8, ContextInDim = 8 };
        string transformer = Path.Combine(_dir, "FLUX.1-small", "transformer");
        Directory.CreateDirectory(transformer);
        List<SafeTensorEntry> entries = DiffusersEntries(small);
        var shards = new[] { entries.Where((_, i) => i % 2 == 0).ToList(), entries.Where((_, i) => i % 2 == 1).ToList() };
        var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (int s = 0; s < 2; s++)
        {
            string file = $"diffusion_pytorch_model-0000{s + 1}-of-00002.safetensors";
            SafeTensorsWriter.Write(Path.Combine(transformer, file),
                shards[s].Select(e => SafeTensorToWrite.F32(e.Name, e.Shape, new float[e.ElementCount])), new Dictionary<string, string> { ["format"] = "pt" });
            foreach (SafeTensorEntry e in shards[s]) weightMap[e.Name] = file;
        }
        File.WriteAllText(Path.Combine(transformer, "diffusion_pytorch_model.safetensors.index.json"),
            JsonSerializer.Serialize(new { metadata = new { total_size = 1 }, weight_map = weightMap }, new JsonSerializerOptions { WriteIndented = true }));

        foreach (string given in new[] { Path.GetDirectoryName(transformer)!, transformer, Path.Combine(transformer, "diffusion_pytorch_model-00002-of-00002.safetensors") })
        {
            CheckpointDescription d = CheckpointInspector.Inspect(given);
            Assert.Equal(CheckpointLayout.Diffusers, d.Layout);
            Assert.Equal(entries.Count, d.TensorCount);
            Assert.Empty(d.Missing);
            Assert.Empty(d.Unexpected);
            Assert.Equal("flux (hidden 32, 2+2 blocks)", d.Model);
        }
    }

    [Fact]
    public void UnreadableFormatsAreRefusedByName()
    {
        var nf4 = Describe([new SafeTensorEntry("double_blocks.0.img_attn.qkv.weight", SafeTensorDType.U8, [100], 0, 0),
            new SafeTensorEntry("double_blocks.0.img_attn.qkv.weight.absmax", SafeTensorDType.F32, [10], 0, 0),
            new SafeTensorEntry("double_blocks.0.img_attn.qkv.weight.quant_state.bitsandbytes__nf4", SafeTensorDType.U8, [10], 0, 0)]);
        Assert.Equal(CheckpointLayout.BitsAndBytesNf4, nf4.Layout);
        Assert.Contains("NF4", nf4.Refusal);

        var quant = Describe(BflEntries(FluxPresets.Tiny), new() { ["_quantization_metadata"] = "{\"format_version\": \"1.0\", \"layers\": {}}" });
        Assert.Equal(CheckpointLayout.ComfyMixedQuant, quant.Layout);
        Assert.Contains("mixed-precision", quant.Refusal);

        string gguf = Path.Combine(_dir, "flux1-dev-Q8_0.bin");
        File.WriteAllBytes(gguf, [.. "GGUF"u8, 3, 0, 0, 0]);
        CheckpointDescription g = CheckpointInspector.Inspect(gguf);
        Assert.Equal(CheckpointLayout.Gguf, g.Layout);
        Assert.StartsWith(gguf + ": GGUF", g.Refusal);
    }

    [Fact]
    public void TextEncodersAndTheVaeAreNamed()
    {
        Assert.Equal(CheckpointLayout.ClipL, Describe([new SafeTensorEntry("text_model.encoder.layers.0.self_attn.q_proj.weight", SafeTensorDType.F16, [768, 768], 0, 0)]).Layout);
        Assert.Equal(CheckpointLayout.T5Xxl, Describe([new SafeTensorEntry("encoder.block.0.layer.0.SelfAttention.q.weight", SafeTensorDType.F8E4M3, [4096, 4096], 0, 0)]).Layout);
        Assert.Equal(CheckpointLayout.Autoencoder, Describe([new SafeTensorEntry("decoder.conv_in.weight", SafeTensorDType.F32, [512, 16, 3, 3], 0, 0)]).Layout);
    }
}
