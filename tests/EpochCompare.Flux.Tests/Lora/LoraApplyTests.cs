using EpochCompare.Flux.Config;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.Model;
using EpochCompare.Flux.Modules;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Tests.Model;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Tests.Lora;

public class LoraApplyTests
{
    private static FluxModel SmallModel(int seed)
    {
        var model = new FluxModel(FluxPresets.Tiny with { HiddenSize = 64, AxesDim = [8, 12, 12], Depth = 1, DepthSingleBlocks = 2 });
        FluxInitializer.Initialize(model, seed);
        return model;
    }

    private static float[] Predict(FluxModel model, FluxInputs inputs)
    {
        using var _ = new NoGrad();
        return model.Forward(inputs).ToArray();
    }

    /// <summary>Gives every adapter a non-zero up so the LoRA actually changes the output.</summary>
    private static void Randomize(IEnumerable<LoraAdapter> adapters, int seed)
    {
        var random = new Random(seed);
        foreach (LoraAdapter adapter in adapters)
        {
            Span<float> up = adapter.Up.Span;
            for (int i = 0; i < up.Length; i++)
            {
                up[i] = (float)(random.NextDouble() - 0.5) * 0.2f;
            }
        }
    }

    [Fact]
    public void Fresh_adapters_leave_the_model_unchanged_and_only_they_get_gradients()
    {
        FluxModel model = SmallModel(1);
        FluxInputs inputs = TinyInputs.Create(model.Params, 1, 16, 4, seed: 2);
        float[] baseline = Predict(model, inputs);
        IReadOnlyList<LoraAdapter> adapters = FluxLora.AttachForTraining(model, LoraTargets.Default(model.Params), rank: 4, alpha: 2, seed: 5);
        Assert.Equal(10 + 2 * 3, adapters.Count);
        Assert.Equal(baseline, Predict(model, inputs));

        Tensor loss = Ops.MseLoss(model.Forward(inputs), Tensor.Zeros(inputs.Img.Shape.ToArray()));
        loss.Backward();
        Assert.All(model.Parameters(), slot => Assert.Null(slot.Value.Grad));
        Assert.All(adapters, a => Assert.NotNull(a.Up.Grad));
        Assert.Contains(adapters, a => a.Up.Grad!.ToArray().Any(g => g != 0));
    }

    [Fact]
    public void Lora_up_gradient_matches_finite_differences()
    {
        FluxModel model = SmallModel(7);
        FluxInputs inputs = TinyInputs.Create(model.Params, 1, 9, 3, seed: 8);
        IReadOnlyList<LoraAdapter> adapters = FluxLora.AttachForTraining(model, LoraTargets.Default(model.Params), rank: 2, alpha: 2, seed: 9);
        Randomize(adapters, 10);
        Tensor target = Tensor.Zeros(inputs.Img.Shape.ToArray());
        LoraAdapter probe = adapters[1]; // double_blocks.0.img_attn.qkv
        Ops.MseLoss(model.Forward(inputs), target).Backward();
        float analytic = probe.Up.Grad!.Span[3];

        float Loss()
        {
            using var _ = new NoGrad();
            return Ops.MseLoss(model.Forward(inputs), target).Item();
        }

        const float h = 1e-2f;
        float original = probe.Up.Span[3];
        probe.Up.Span[3] = original + h;
        float plus = Loss();
        probe.Up.Span[3] = original - h;
        float minus = Loss();
        probe.Up.Span[3] = original;
        float numeric = (plus - minus) / (2 * h);
        Assert.True(Math.Abs(numeric - analytic) <= 2e-2 * Math.Max(Math.Abs(numeric), 1e-4), $"analytic {analytic} vs numeric {numeric}");
    }

    [Fact]
    public void Kohya_file_written_read_back_and_applied_equals_merged_weights()
    {
        using var dir = new TempDirectory();
        FluxModel model = SmallModel(11);
        FluxInputs inputs = TinyInputs.Create(model.Params, 2, 16, 4, seed: 12);
        float[] baseline = Predict(model, inputs);
        float[] baseQkv = model.DoubleBlocks[0].ImgAttn.Qkv.Weight.Value.ToArray();

        IReadOnlyList<LoraAdapter> trained = FluxLora.AttachForTraining(model, LoraTargets.Default(model.Params), rank: 4, alpha: 8, seed: 13);
        Randomize(trained, 14);
        LoraWeights exported = FluxLora.Export(model, KohyaLoraMetadata.Create(4, 8, guidanceEmbed: false, "unit", new Dictionary<string, string> { ["ss_epoch"] = "3" }));
        FluxLora.Detach(model);
        string path = dir.File("epoch-3.safetensors");
        KohyaLoraFile.Write(path, exported);

        using (var file = SafeTensorsFile.Open(path))
        {
            Assert.Equal(16 * 3, file.Entries.Count);
            Assert.Equal("3", file.Metadata["ss_epoch"]);
            Assert.Equal("networks.lora_flux", file.Metadata["ss_network_module"]);
            Assert.Equal(new long[] { 4, 64 }, file.GetEntry("lora_unet_double_blocks_0_img_attn_qkv.lora_down.weight").Shape);
            Assert.Empty(file.GetEntry("lora_unet_double_blocks_0_img_attn_qkv.alpha").Shape);
        }
        LoraWeights read = LoraFile.Read(path, model.Params);
        Assert.Equal(exported.Modules.Keys, read.Modules.Keys);
        LoraModuleWeights qkv = read.Modules["double_blocks.0.img_attn.qkv"];
        Assert.Equal(2f, qkv.Scale);
        Assert.Equal(exported.Modules["double_blocks.0.img_attn.qkv"].Up, qkv.Up);

        const float multiplier = 0.7f;
        FluxLora.Attach(model, read, multiplier);
        float[] sidePath = Predict(model, inputs);
        FluxLora.Detach(model);
        Assert.NotEqual(baseline, sidePath);

        using (FluxLora.Merge(model, read, multiplier))
        {
            // Independent check of one merged weight: W + multiplier * scale * up @ down.
            float[] merged = model.DoubleBlocks[0].ImgAttn.Qkv.Weight.Value.ToArray();
            for (int o = 0; o < qkv.OutFeatures; o += 17)
            {
                for (int i = 0; i < qkv.InFeatures; i += 5)
                {
                    double delta = 0;
                    for (int r = 0; r < qkv.Rank; r++)
                    {
                        delta += (double)qkv.Up[o * qkv.Rank + r] * qkv.Down[r * qkv.InFeatures + i];
                    }
                    Assert.Equal(baseQkv[o * qkv.InFeatures + i] + multiplier * qkv.Scale * delta, merged[o * qkv.InFeatures + i], 5);
                }
            }
            Agreement.Close(Predict(model, inputs), sidePath, 1e-5, "merged vs side path");
        }
        Assert.Equal(baseQkv, model.DoubleBlocks[0].ImgAttn.Qkv.Weight.Value.ToArray());
        Assert.Equal(baseline, Predict(model, inputs));

        using (FluxLora.Merge(model, read, multiplier: 0f))
        {
            Assert.Equal(baseline, Predict(model, inputs));
        }
        FluxLora.Attach(model, read, multiplier: 0f);
        Assert.Equal(baseline, Predict(model, inputs));
    }

    [Fact]
    public void Peft_file_maps_split_projections_onto_fused_rows()
    {
        using var dir = new TempDirectory();
        FluxParams p = FluxPresets.Tiny with { HiddenSize = 64, AxesDim = [8, 12, 12], Depth = 1, DepthSingleBlocks = 1 };
        int h = p.HiddenSize, r = 2;
        var random = new Random(21);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var parts = new Dictionary<string, (float[] A, float[] B, int Rows)>
        {
            ["transformer.transformer_blocks.0.attn.to_q"] = (Values(r * h), Values(h * r), h),
            ["transformer.transformer_blocks.0.attn.to_v"] = (Values(r * h), Values(h * r), h),
            ["transformer.single_transformer_blocks.0.proj_mlp"] = (Values(r * h), Values(p.MlpHiddenDim * r), p.MlpHiddenDim),
            ["transformer.norm_out.linear"] = (Values(r * h), Values(2 * h * r), 2 * h),
        };
        string path = dir.File("peft.safetensors");
        SafeTensorsWriter.Write(path, parts.SelectMany(kv => new[]
        {
            SafeTensorToWrite.F32(kv.Key + ".lora_A.weight", [r, h], kv.Value.A),
            SafeTensorToWrite.F32(kv.Key + ".lora_B.weight", [kv.Value.Rows, r], kv.Value.B),
        }), new Dictionary<string, string> { ["lora_adapter_metadata"] = "{\"r\": 2, \"lora_alpha\": 4}" });

        LoraWeights lora = LoraFile.Read(path, p);
        Assert.Equal(new[] { "double_blocks.0.img_attn.qkv", "final_layer.adaLN_modulation.1", "single_blocks.0.linear1" }, lora.Modules.Keys);

        // Delta W = scale * B @ A, placed in the fused rows (q rows [0,h), v rows [2h,3h), k untouched).
        float[] Delta(LoraModuleWeights m)
        {
            var d = new float[m.OutFeatures * m.InFeatures];
            for (int o = 0; o < m.OutFeatures; o++)
            {
                for (int i = 0; i < m.InFeatures; i++)
                {
                    for (int k = 0; k < m.Rank; k++)
                    {
                        d[o * m.InFeatures + i] += m.Scale * m.Up[o * m.Rank + k] * m.Down[k * m.InFeatures + i];
                    }
                }
            }
            return d;
        }

        float Expected(string key, int row, int col)
        {
            (float[] a, float[] b, _) = parts[key];
            float sum = 0;
            for (int k = 0; k < r; k++)
            {
                sum += b[row * r + k] * a[k * h + col];
            }
            return 2f * sum; // lora_alpha 4 / r 2
        }

        float[] qkv = Delta(lora.Modules["double_blocks.0.img_attn.qkv"]);
        float[] linear1 = Delta(lora.Modules["single_blocks.0.linear1"]);
        float[] final = Delta(lora.Modules["final_layer.adaLN_modulation.1"]);
        for (int col = 0; col < h; col += 7)
        {
            for (int row = 0; row < h; row += 5)
            {
                Assert.Equal(Expected("transformer.transformer_blocks.0.attn.to_q", row, col), qkv[row * h + col], 5);
                Assert.Equal(0f, qkv[(h + row) * h + col]);
                Assert.Equal(Expected("transformer.transformer_blocks.0.attn.to_v", row, col), qkv[(2 * h + row) * h + col], 5);
                // diffusers (scale, shift) -> BFL (shift, scale)
                Assert.Equal(Expected("transformer.norm_out.linear", h + row, col), final[row * h + col], 5);
                Assert.Equal(Expected("transformer.norm_out.linear", row, col), final[(h + row) * h + col], 5);
            }
            Assert.Equal(0f, linear1[5 * h + col]);
            Assert.Equal(Expected("transformer.single_transformer_blocks.0.proj_mlp", 9, col), linear1[(3 * h + 9) * h + col], 5);
        }
    }
}
