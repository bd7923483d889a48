using EpochCompare.Flux.Config;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Tests.Lora;

public class PeftLoraFileTests
{
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
