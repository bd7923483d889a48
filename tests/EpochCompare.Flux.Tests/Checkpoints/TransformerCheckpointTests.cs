using System.Buffers.Binary;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Tests.Lora.Producers;
using EpochCompare.Flux.Tests.RealFormats;
using EpochCompare.Flux.Transformer;
using EpochCompare.Flux.Weights;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.Checkpoints;

/// <summary>
/// The transformer loaded from each layout users have (real-formats.md §1): every parameter must equal the value the
/// test put in, decoded here by hand (fp8 bit fields times scale_weight; diffusers parts concatenated, norm_out swapped).
/// </summary>
public class TransformerCheckpointTests
{
    private static readonly FluxParams P = ProducerMergeCheck.P;
    private const int H = ProducerMergeCheck.H;

    private static Dictionary<string, long[]> Shapes()
    {
        using var model = new FluxTransformer(P, META);
        return model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape, StringComparer.Ordinal);
    }

    private static long Count(long[] shape) => shape.Aggregate(1L, (a, b) => a * b);

    private static Dictionary<string, float[]> Loaded(string path)
    {
        using TransformerCheckpoint checkpoint = TransformerCheckpoint.Open(path);
        using FluxTransformer model = TransformerLoader.Load(checkpoint, CPU, ScalarType.Float32);
        return model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.data<float>().ToArray(), StringComparer.Ordinal);
    }

    /// <summary>e4m3fn by its bit fields: bias 7, subnormals m/8 * 2^-6.</summary>
    private static double E4M3(byte b)
    {
        int sign = b >> 7, exponent = (b >> 3) & 0xF, mantissa = b & 7;
        double magnitude = exponent == 0 ? mantissa / 8.0 * Math.Pow(2, -6) : (1 + mantissa / 8.0) * Math.Pow(2, exponent - 7);
        return sign == 1 ? -magnitude : magnitude;
    }

    /// <summary>e5m2 by its bit fields: bias 15, subnormals m/4 * 2^-14.</summary>
    private static double E5M2(byte b)
    {
        int sign = b >> 7, exponent = (b >> 2) & 0x1F, mantissa = b & 3;
        double magnitude = exponent == 0 ? mantissa / 4.0 * Math.Pow(2, -14) : (1 + mantissa / 4.0) * Math.Pow(2, exponent - 15);
        return sign == 1 ? -magnitude : magnitude;
    }

    [Fact]
    public void ComfyUI_scaled_fp8_bundle_loads_weight_times_scale_weight()
    {
        using var dir = new TempDirectory();
        var random = new Random(31);
        var tensors = new List<RawTensor>();
        var expected = new Dictionary<string, double[]>(StringComparer.Ordinal);
        const string prefix = "model.diffusion_model.";
        foreach ((string key, long[] shape) in Shapes())
        {
            long n = Count(shape);
            if (key.EndsWith(".weight", StringComparison.Ordinal) && shape.Length == 2)
            {
                // One Linear in e5m2 (the marker's dtype says e4m3fn; each weight's own dtype rules).
                bool e5m2 = key == "double_blocks.1.img_mlp.0.weight";
                byte[] bytes = new byte[n];
                for (int i = 0; i < n; i++)
                {
                    byte b;
                    do { b = (byte)random.Next(256); } while (e5m2 ? ((b >> 2) & 0x1F) == 0x1F : (b & 0x7F) == 0x7F);
                    bytes[i] = b;
                }
                float scale = (float)(random.NextDouble() * 0.01 + 0.001); // amax / 448: not a power of two
                tensors.Add(new RawTensor(prefix + key, e5m2 ? "F8_E5M2" : "F8_E4M3", shape, bytes));
                tensors.Add(new RawTensor(prefix + key[..^".weight".Length] + ".scale_weight", "F32", [], ProducerLora.Encode("F32", [scale])));
                expected[key] = [.. bytes.Select(b => (e5m2 ? E5M2(b) : E4M3(b)) * scale)];
            }
            else
            {
                double[] values = [.. Enumerable.Range(0, (int)n).Select(_ => (double)BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits((float)random.NextDouble()) & unchecked((int)0xFFFF0000)))];
                tensors.Add(new RawTensor(prefix + key, "BF16", shape, ProducerLora.Encode("BF16", values)));
                expected[key] = values;
            }
        }
        tensors.Add(new RawTensor(prefix + "scaled_fp8", "F32", [0]));
        tensors.Add(new RawTensor(prefix + "double_blocks.0.img_attn.qkv.scale_input", "F32", [], ProducerLora.Encode("F32", [1.0])));
        tensors.Add(new RawTensor("vae.encoder.conv_in.weight", "BF16", [4, 3, 3, 3]));
        tensors.Add(new RawTensor("text_encoders.clip_l.transformer.text_model.embeddings.token_embedding.weight", "BF16", [10, 4]));
        string path = dir.File("flux1-dev-fp8-scaled.safetensors");
        RawSafeTensors.Write(path, tensors);

        using (TransformerCheckpoint checkpoint = TransformerCheckpoint.Open(path))
        {
            Assert.Equal(EpochCompare.Flux.Checkpoints.CheckpointLayout.ComfyScaledFp8, checkpoint.Layout);
            Assert.Equal(["text_encoders.clip_l.transformer.text_model.embeddings.token_embedding.weight", "vae.encoder.conv_in.weight"], checkpoint.Others.Select(o => o.Name).Order(StringComparer.Ordinal));
        }
        foreach ((string key, float[] got) in Loaded(path))
        {
            double[] want = expected[key];
            for (int i = 0; i < got.Length; i++)
            {
                Assert.True(Math.Abs(got[i] - want[i]) <= 1e-6 * Math.Abs(want[i]) + 1e-30, $"{key}[{i}]: {got[i]} vs {want[i]}");
            }
        }

        // Kept in fp8 (sample's --fp8 auto): the file's bytes as the Linear's weight, decoded times scale_weight per forward.
        var fileBytes = tensors.Where(t => t.DType.StartsWith("F8", StringComparison.Ordinal)).ToDictionary(t => t.Name[prefix.Length..^".weight".Length], t => t.Data!);
        using (TransformerCheckpoint checkpoint = TransformerCheckpoint.Open(path))
        using (FluxTransformer kept = TransformerLoader.Load(checkpoint, CPU, new LoadPrecision(ScalarType.Float32, Float8Mode.Keep)))
        {
            var linears = kept.named_modules().Where(m => m.module is TorchSharp.Modules.Linear).ToDictionary(m => m.name, m => (TorchSharp.Modules.Linear)m.module);
            foreach ((string module, byte[] bytes) in fileBytes)
            {
                Assert.True(Float8Linear.IsFloat8(linears[module]), module);
                Assert.Equal(bytes, linears[module].weight!.data<byte>().ToArray());
            }
            foreach (string module in new[] { "double_blocks.0.img_attn.qkv", "double_blocks.1.img_mlp.0" })
            {
                TorchSharp.Modules.Linear linear = linears[module];
                using var noGrad = no_grad();
                using Tensor identity = eye(linear.in_features);
                using Tensor output = linear.call(identity); // [in, out] = W^T + bias
                float[] got = output.t().contiguous().data<float>().ToArray();
                double[] weight = expected[module + ".weight"], bias = expected[module + ".bias"];
                for (int i = 0; i < got.Length; i++)
                {
                    double want = weight[i] + bias[i / linear.in_features];
                    Assert.True(Math.Abs(got[i] - want) <= 1e-6 * Math.Abs(want) + 1e-6, $"{module}[{i}]: {got[i]} vs {want}");
                }
            }
        }
    }

    /// <summary>The diffusers tensors of a BFL state dict, by the spec's table (real-formats.md §1.3), written here on their own.</summary>
    internal static IEnumerable<(string Key, long[] Shape, double[] Values)> ToDiffusers(string key, long[] shape, double[] values)
    {
        int h = H, mlp = P.MlpHiddenDim;
        long columns = shape.Length == 2 ? shape[1] : 1;
        IEnumerable<(string, long[], double[])> Split(string stem, string suffix, (string Name, int Rows)[] parts)
        {
            int start = 0;
            foreach ((string name, int rows) in parts)
            {
                long[] partShape = shape.Length == 2 ? [rows, columns] : [rows];
                yield return ($"{stem}{name}.{suffix}", partShape, values[(int)(start * columns)..(int)((start + rows) * columns)]);
                start += rows;
            }
        }
        string[] p = key.Split('.');
        string suffix = p[^1];
        var rename = new Dictionary<string, string>
        {
            ["img_in"] = "x_embedder", ["txt_in"] = "context_embedder",
            ["time_in.in_layer"] = "time_text_embed.timestep_embedder.linear_1", ["time_in.out_layer"] = "time_text_embed.timestep_embedder.linear_2",
            ["vector_in.in_layer"] = "time_text_embed.text_embedder.linear_1", ["vector_in.out_layer"] = "time_text_embed.text_embedder.linear_2",
            ["guidance_in.in_layer"] = "time_text_embed.guidance_embedder.linear_1", ["guidance_in.out_layer"] = "time_text_embed.guidance_embedder.linear_2",
            ["final_layer.linear"] = "proj_out",
        };
        string module = string.Join('.', p[..^1]);
        if (rename.TryGetValue(module, out string? global))
        {
            return [($"{global}.{suffix}", shape, values)];
        }
        if (module == "final_layer.adaLN_modulation.1")
        {
            int half = values.Length / 2;
            return [($"norm_out.linear.{suffix}", shape, [.. values[half..], .. values[..half]])];
        }
        if (p[0] == "double_blocks")
        {
            string stem = $"transformer_blocks.{p[1]}.";
            string child = string.Join('.', p[2..]);
            return child switch
            {
                _ when child.StartsWith("img_attn.qkv.") => Split(stem + "attn.", suffix, [("to_q", h), ("to_k", h), ("to_v", h)]),
                _ when child.StartsWith("txt_attn.qkv.") => Split(stem + "attn.", suffix, [("add_q_proj", h), ("add_k_proj", h), ("add_v_proj", h)]),
                "img_attn.norm.query_norm.scale" => [(stem + "attn.norm_q.weight", shape, values)],
                "img_attn.norm.key_norm.scale" => [(stem + "attn.norm_k.weight", shape, values)],
                "txt_attn.norm.query_norm.scale" => [(stem + "attn.norm_added_q.weight", shape, values)],
                "txt_attn.norm.key_norm.scale" => [(stem + "attn.norm_added_k.weight", shape, values)],
                _ => [(stem + (p[2], p[3]) switch
                {
                    ("img_mod", _) => "norm1.linear", ("txt_mod", _) => "norm1_context.linear",
                    ("img_attn", "proj") => "attn.to_out.0", ("txt_attn", "proj") => "attn.to_add_out",
                    ("img_mlp", "0") => "ff.net.0.proj", ("img_mlp", "2") => "ff.net.2",
                    ("txt_mlp", "0") => "ff_context.net.0.proj", ("txt_mlp", "2") => "ff_context.net.2",
                    _ => throw new ArgumentException(key),
                } + "." + suffix, shape, values)],
            };
        }
        string single = $"single_transformer_blocks.{p[1]}.";
        return string.Join('.', p[2..]) switch
        {
            var c when c.StartsWith("linear1.") => Split(single, suffix, [("attn.to_q", h), ("attn.to_k", h), ("attn.to_v", h), ("proj_mlp", mlp)]),
            var c when c.StartsWith("linear2.") => [(single + "proj_out." + suffix, shape, values)],
            var c when c.StartsWith("modulation.lin.") => [(single + "norm.linear." + suffix, shape, values)],
            "norm.query_norm.scale" => [(single + "attn.norm_q.weight", shape, values)],
            "norm.key_norm.scale" => [(single + "attn.norm_k.weight", shape, values)],
            _ => throw new ArgumentException(key),
        };
    }

    [Fact]
    public void Diffusers_transformer_folder_index_and_one_shard_load_as_bfl()
    {
        using var dir = new TempDirectory();
        var random = new Random(32);
        var bfl = Shapes().ToDictionary(kv => kv.Key, kv => (Shape: kv.Value, Values: Enumerable.Range(0, (int)Count(kv.Value)).Select(_ => (double)(float)(random.NextDouble() - 0.5)).ToArray()), StringComparer.Ordinal);
        var diffusers = bfl.SelectMany(kv => ToDiffusers(kv.Key, kv.Value.Shape, kv.Value.Values))
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new RawTensor(t.Key, "F32", t.Shape, ProducerLora.Encode("F32", t.Values))).ToList();
        string repo = Directory.CreateDirectory(dir.File("FLUX.1-small")).FullName;
        string transformer = Directory.CreateDirectory(Path.Combine(repo, "transformer")).FullName;
        DiffusersRepository.WriteShards(transformer, diffusers, "diffusion_pytorch_model");
        File.WriteAllText(Path.Combine(transformer, "config.json"),
            "{\"_class_name\": \"FluxTransformer2DModel\", \"attention_head_dim\": 16, \"axes_dims_rope\": [4, 6, 6], \"num_layers\": 2, \"num_single_layers\": 2}");

        foreach (string path in new[] { transformer, repo, Path.Combine(transformer, "diffusion_pytorch_model.safetensors.index.json"), Path.Combine(transformer, "diffusion_pytorch_model-00002-of-00002.safetensors") })
        {
            using (TransformerCheckpoint checkpoint = TransformerCheckpoint.Open(path))
            {
                Assert.Equal(EpochCompare.Flux.Checkpoints.CheckpointLayout.Diffusers, checkpoint.Layout);
                Assert.Equal(P, checkpoint.Params);
            }
            foreach ((string key, float[] got) in Loaded(path))
            {
                Assert.Equal(bfl[key].Values.Select(v => (float)v), got);
            }
        }
    }

    [Fact]
    public void Gguf_nf4_and_mixed_quant_are_refused_by_name()
    {
        using var dir = new TempDirectory();
        string gguf = dir.File("flux1-dev-Q8_0.gguf");
        File.WriteAllBytes(gguf, [.. "GGUF"u8, 3, 0, 0, 0]);
        string nf4 = dir.File("flux1-dev-bnb-nf4-v2.safetensors");
        RawSafeTensors.Write(nf4,
        [
            new RawTensor("model.diffusion_model.double_blocks.0.img_attn.qkv.weight", "U8", [8, 1]),
            new RawTensor("model.diffusion_model.double_blocks.0.img_attn.qkv.weight.absmax", "F32", [2]),
        ]);
        string mixed = dir.File("flux1-dev-mixed.safetensors");
        RawSafeTensors.Write(mixed, [new RawTensor("double_blocks.0.img_attn.qkv.weight", "F8_E4M3", [4, 4])],
            new Dictionary<string, string> { ["_quantization_metadata"] = "{\"format_version\": \"1.0\", \"layers\": {}}" });
        foreach ((string path, string name) in new[] { (gguf, "GGUF"), (nf4, "NF4"), (mixed, "mixed-precision") })
        {
            var error = Assert.Throws<InvalidDataException>(() => TransformerCheckpoint.Open(path));
            Assert.Contains(name, error.Message);
            Assert.DoesNotContain('\n', error.Message);
        }
    }

    [Fact]
    public void A_checkpoint_missing_a_block_is_refused_naming_the_keys()
    {
        using var dir = new TempDirectory();
        var shapes = Shapes();
        string path = dir.File("broken.safetensors");
        RawSafeTensors.Write(path, shapes.Where(kv => kv.Key != "double_blocks.1.txt_mlp.2.weight").Select(kv => new RawTensor(kv.Key, "BF16", kv.Value)));
        using TransformerCheckpoint checkpoint = TransformerCheckpoint.Open(path);
        var error = Assert.Throws<InvalidDataException>(() => TransformerLoader.Load(checkpoint, CPU, ScalarType.Float32));
        Assert.Contains("broken.safetensors: checkpoint does not fit the model: missing 1 (double_blocks.1.txt_mlp.2.weight)", error.Message);
    }
}
