using EpochCompare.Flux.Config;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Transformer;
using static EpochCompare.Cli.Tests.CliRunner;
using static TorchSharp.torch;

namespace EpochCompare.Cli.Tests;

/// <summary>
/// <c>lora merge</c>: the merged checkpoint's every weight against base + the delta computed here in float64 loops
/// from the LoRA's own tensors and its producer's scale rule; untouched keys byte-identical; refusals in one line.
/// </summary>
public sealed class LoraMergeCommandTests() : ScratchFolder("ec-lora-merge-")
{
    private const int H = 16, Mlp = 64;

    private static readonly FluxParams P = FluxPresets.Tiny with
    {
        HiddenSize = H, NumHeads = 1, AxesDim = [4, 6, 6], Depth = 2, DepthSingleBlocks = 2,
        InChannels = 8, OutChannels = 8, VecInDim = 8, ContextInDim = 12, GuidanceEmbed = true,
    };

    private static float Bf16(double x) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits((float)x) & unchecked((int)0xFFFF0000));

    private static float[] Random(Random random, long count) =>
        Enumerable.Range(0, (int)count).Select(_ => Bf16(random.NextDouble() - 0.5)).ToArray();

    /// <summary>A BFL-named BF16 base of <see cref="P"/> (no config metadata: the shapes tell it).</summary>
    private Dictionary<string, (long[] Shape, float[] Values)> WriteBase(string path)
    {
        using var model = new FluxTransformer(P, META);
        var random = new Random(11);
        var tensors = model.state_dict().OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key, kv => (kv.Value.shape, Random(random, kv.Value.shape.Aggregate(1L, (a, b) => a * b))), StringComparer.Ordinal);
        SafeTensorsWriter.Write(path, tensors.Select(kv => new SafeTensorToWrite(kv.Key, SafeTensorDType.BF16, kv.Value.shape, kv.Value.Item2)));
        return tensors;
    }

    /// <summary>A SimpleTuner LoRA (BF16, <c>transformer.</c> keys, alpha 8 / r 4 in the prefixed adapter metadata): to_q, to_v and proj_mlp.</summary>
    private Dictionary<string, (float[] A, float[] B, int Rows)> WriteSimpleTuner(string path)
    {
        var random = new Random(12);
        var modules = new Dictionary<string, (float[] A, float[] B, int Rows)>
        {
            ["transformer_blocks.1.attn.to_q"] = (Random(random, 4 * H), Random(random, H * 4), H),
            ["transformer_blocks.1.attn.to_v"] = (Random(random, 4 * H), Random(random, H * 4), H),
            ["single_transformer_blocks.0.proj_mlp"] = (Random(random, 4 * H), Random(random, Mlp * 4), Mlp),
        };
        SafeTensorsWriter.Write(path, modules.SelectMany(kv => new[]
        {
            new SafeTensorToWrite($"transformer.{kv.Key}.lora_A.weight", SafeTensorDType.BF16, [4, H], kv.Value.A),
            new SafeTensorToWrite($"transformer.{kv.Key}.lora_B.weight", SafeTensorDType.BF16, [kv.Value.Rows, 4], kv.Value.B),
        }), new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["modelspec.implementation"] = "diffusers",
            ["lora_adapter_metadata"] = "{\n  \"transformer.lora_alpha\": 8,\n  \"transformer.r\": 4,\n  \"transformer.use_rslora\": false\n}",
        });
        return modules;
    }

    [Fact]
    public void Merged_weights_equal_base_plus_the_independent_delta_and_the_rest_is_untouched()
    {
        string basePath = Path.Combine(Dir, "flux-small.safetensors"), loraPath = Path.Combine(Dir, "pytorch_lora_weights.safetensors");
        var baseTensors = WriteBase(basePath);
        var lora = WriteSimpleTuner(loraPath);
        string outPath = Path.Combine(Dir, "merged.safetensors");

        var (code, output, error) = Run("lora", "merge", "--base", basePath, "--lora", loraPath, "--strength", "0.5", "--dtype", "float32", "--out", outPath);

        Assert.True(code == CliApp.ExitOk, error);
        Assert.Contains("merged 2 LoRA modules", output);
        // Expected delta: strength 0.5 * (alpha 8 / r 4) * B @ A, in the rows diffusers' module has in BFL's fused weight.
        var expected = new Dictionary<string, double[]>(StringComparer.Ordinal);
        void Add(string bflKey, string module, int rowStart)
        {
            long[] shape = baseTensors[bflKey].Shape;
            double[] delta = expected.TryGetValue(bflKey, out var d) ? d : expected[bflKey] = new double[shape[0] * shape[1]];
            (float[] a, float[] b, int rows) = lora[module];
            for (int row = 0; row < rows; row++)
            {
                for (int col = 0; col < H; col++)
                {
                    double sum = 0;
                    for (int k = 0; k < 4; k++)
                    {
                        sum += (double)b[row * 4 + k] * a[k * H + col];
                    }
                    delta[(rowStart + row) * shape[1] + col] += 0.5 * 2.0 * sum;
                }
            }
        }
        Add("double_blocks.1.img_attn.qkv.weight", "transformer_blocks.1.attn.to_q", 0);
        Add("double_blocks.1.img_attn.qkv.weight", "transformer_blocks.1.attn.to_v", 2 * H);
        Add("single_blocks.0.linear1.weight", "single_transformer_blocks.0.proj_mlp", 3 * H);

        using var merged = SafeTensorsFile.Open(outPath);
        Assert.Equal(baseTensors.Keys.Order(StringComparer.Ordinal), merged.Names.Order(StringComparer.Ordinal));
        Assert.Equal("pytorch_lora_weights.safetensors", merged.Metadata["epochcompare_merged_lora"]);
        foreach ((string key, (long[] shape, float[] values)) in baseTensors)
        {
            SafeTensorEntry entry = merged.GetEntry(key);
            Assert.Equal(SafeTensorDType.F32, entry.DType);
            Assert.Equal(shape, entry.Shape);
            float[] got = merged.ReadSingles(key);
            double[] delta = expected.GetValueOrDefault(key) ?? new double[values.Length];
            for (int i = 0; i < got.Length; i++)
            {
                if (delta[i] == 0)
                {
                    Assert.True(BitConverter.SingleToInt32Bits(values[i]) == BitConverter.SingleToInt32Bits(got[i]), $"{key}[{i}] changed");
                }
                else
                {
                    double want = values[i] + delta[i];
                    Assert.True(Math.Abs(got[i] - want) <= 1e-6 * (1 + Math.Abs(want)), $"{key}[{i}]: {got[i]} vs {want}");
                }
            }
        }
    }

    [Fact]
    public void Without_dtype_untouched_tensors_keep_their_bytes_and_bundled_parts_come_along()
    {
        string shipped = EpochCompare.Demo.ShippedAssets.Verified(EpochCompare.Demo.ShippedAssets.FluxTinyBase);
        string loraPath = Path.Combine(Dir, "ohwx-000010.safetensors");
        var random = new Random(3);
        SafeTensorsWriter.Write(loraPath,
        [
            new SafeTensorToWrite("lora_unet_double_blocks_0_img_attn_proj.lora_down.weight", SafeTensorDType.BF16, [2, 128], Random(random, 256)),
            new SafeTensorToWrite("lora_unet_double_blocks_0_img_attn_proj.lora_up.weight", SafeTensorDType.BF16, [128, 2], Random(random, 256)),
            new SafeTensorToWrite("lora_unet_double_blocks_0_img_attn_proj.alpha", SafeTensorDType.BF16, [], new[] { 2f }),
            new SafeTensorToWrite("lora_te1_text_model_encoder_layers_0_mlp_fc1.lora_down.weight", SafeTensorDType.BF16, [2, 768], new float[1536]),
        ], new Dictionary<string, string> { ["ss_network_module"] = "networks.lora_flux" });
        string outPath = Path.Combine(Dir, "tiny-merged.safetensors");

        var (code, output, error) = Run("lora", "merge", "--base", shipped, "--lora", loraPath, "--out", outPath);

        Assert.True(code == CliApp.ExitOk, error);
        Assert.Contains("skipped 1 text-encoder keys", output);
        using var baseFile = SafeTensorsFile.Open(shipped);
        using var merged = SafeTensorsFile.Open(outPath);
        Assert.Equal(baseFile.Names.Order(StringComparer.Ordinal), merged.Names.Order(StringComparer.Ordinal));
        Assert.Equal(baseFile.Metadata["config"], merged.Metadata["config"]);
        foreach (SafeTensorEntry entry in baseFile.Entries)
        {
            Assert.Equal(entry.DType, merged.GetEntry(entry.Name).DType);
            bool changed = !baseFile.ReadRaw(entry.Name).SequenceEqual(merged.ReadRaw(entry.Name));
            Assert.True(changed == (entry.Name == "double_blocks.0.img_attn.proj.weight"), $"{entry.Name}: changed = {changed}");
        }
        // Still a base `sample` can load (transformer and the bundled flux-tiny text encoder).
        using var loaded = EpochCompare.Flux.Checkpoints.FluxTinyBase.Load(outPath, EpochCompare.Flux.Devices.ComputeDevice.Cpu);
        Assert.Equal(128, loaded.Transformer.Params.HiddenSize);
    }

    [Fact]
    public void An_existing_out_is_never_replaced()
    {
        string basePath = Path.Combine(Dir, "base.safetensors"), loraPath = Path.Combine(Dir, "lora.safetensors");
        WriteBase(basePath);
        WriteSimpleTuner(loraPath);
        byte[] before = File.ReadAllBytes(basePath);

        var (code, _, error) = Run("lora", "merge", "--base", basePath, "--lora", loraPath, "--out", basePath);

        Assert.Equal(CliApp.ExitFailure, code);
        Assert.Contains("already exists; refusing to overwrite", error);
        Assert.Equal(before, File.ReadAllBytes(basePath));
    }

    [Fact]
    public void Refusals_are_one_line_and_leave_nothing_behind()
    {
        string basePath = Path.Combine(Dir, "base2.safetensors"), dora = Path.Combine(Dir, "dora.safetensors"), deep = Path.Combine(Dir, "deep.safetensors");
        WriteBase(basePath);
        SafeTensorsWriter.Write(dora,
        [
            SafeTensorToWrite.F32("lora_unet_double_blocks_0_img_attn_qkv.lora_down.weight", [2, H], new float[2 * H]),
            SafeTensorToWrite.F32("lora_unet_double_blocks_0_img_attn_qkv.lora_up.weight", [3 * H, 2], new float[6 * H]),
            SafeTensorToWrite.F32("lora_unet_double_blocks_0_img_attn_qkv.dora_scale", [1, H], new float[H]),
        ]);
        SafeTensorsWriter.Write(deep,
        [
            SafeTensorToWrite.F32("lora_unet_double_blocks_7_img_attn_qkv.lora_down.weight", [2, H], new float[2 * H]),
            SafeTensorToWrite.F32("lora_unet_double_blocks_7_img_attn_qkv.lora_up.weight", [3 * H, 2], new float[6 * H]),
        ]);
        string gguf = Path.Combine(Dir, "flux1-dev-Q8_0.gguf");
        File.WriteAllBytes(gguf, [.. "GGUF"u8, 3, 0, 0, 0]);
        string outPath = Path.Combine(Dir, "never.safetensors");

        foreach ((string b, string l, string message) in new[]
        {
            (basePath, dora, "dora.safetensors: DoRA file (key lora_unet_double_blocks_0_img_attn_qkv.dora_scale): not supported"),
            (basePath, deep, "deep.safetensors: LoRA module 'lora_unet_double_blocks_7_img_attn_qkv' does not name a Linear"),
            (gguf, dora, "GGUF file"),
            (dora, dora, "dora.safetensors: is a LoRA, not a base checkpoint"),
        })
        {
            var (code, _, error) = Run("lora", "merge", "--base", b, "--lora", l, "--out", outPath);
            Assert.Equal(CliApp.ExitFailure, code);
            Assert.Contains(message, error);
            Assert.Single(error.Trim().Split('\n'));
            Assert.False(File.Exists(outPath));
            Assert.Empty(Directory.GetFiles(Dir, "*.tmp"));
        }
        var usage = Run("lora", "merge", "--base", basePath, "--lora", dora, "--dtype", "int8", "--out", outPath);
        Assert.Equal(CliApp.ExitUsage, usage.Code);
    }
}
