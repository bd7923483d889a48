using EpochCompare.Flux.Config;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.Lora.Producers;

/// <summary>
/// Reads a producer's file with <see cref="LoraFile"/>, merges it into a random float32 base with <see cref="LoraMerge"/>,
/// and compares every weight with base + the delta <see cref="ProducerLora"/> computed on its own.
/// </summary>
internal static class ProducerMergeCheck
{
    /// <summary>A small FLUX (h 16, mlp 64, 2 + 2 blocks, guidance embedder) so every Linear is cheap.</summary>
    public static readonly FluxParams P = FluxPresets.Tiny with
    {
        HiddenSize = 16, NumHeads = 1, AxesDim = [4, 6, 6], Depth = 2, DepthSingleBlocks = 2,
        InChannels = 8, OutChannels = 8, VecInDim = 8, ContextInDim = 12, GuidanceEmbed = true,
    };

    public const int H = 16;
    public const int Mlp = 64;

    public static void AssertMerges(ProducerLora producer, double strength = 1.0)
    {
        using var dir = new TempDirectory();
        string path = dir.File("lora.safetensors");
        producer.Write(path);
        LoraWeights lora = LoraFile.Read(path, P, out IReadOnlyList<string> skipped);
        Assert.Equal(producer.TextEncoderKeys.Order(StringComparer.Ordinal), skipped.Order(StringComparer.Ordinal));

        using var model = new FluxTransformer(P, META);
        var shapes = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape, StringComparer.Ordinal);
        var expected = producer.ExpectedDeltas(shapes, strength);
        var random = new Random(5);
        var touched = new List<string>();
        foreach ((string key, long[] shape) in shapes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            float[] baseValues = Enumerable.Range(0, (int)shape.Aggregate(1L, (a, b) => a * b)).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            if (!LoraMerge.TryGetModule(lora, key, out LoraModuleWeights module))
            {
                Assert.False(expected.ContainsKey(key), $"{key}: expected a delta, the LoRA has no module for it");
                continue;
            }
            touched.Add(key);
            Assert.True(expected.TryGetValue(key, out var want), $"{key}: the LoRA changes a weight no pair targets");
            using Tensor weight = torch.tensor(baseValues, shape);
            using Tensor merged = LoraMerge.Merge(weight, module, strength, ScalarType.Float32);
            float[] got = merged.data<float>().ToArray();
            long columns = shape[1];
            for (int i = 0; i < got.Length; i++)
            {
                if (!want.TouchedRows[i / columns])
                {
                    Assert.True(BitConverter.SingleToInt32Bits(got[i]) == BitConverter.SingleToInt32Bits(baseValues[i]), $"{key}[{i}]: row not adapted but changed");
                    continue;
                }
                double target = baseValues[i] + want.Delta[i];
                Assert.True(Math.Abs(got[i] - target) <= 2e-6 * (1 + Math.Abs(target)), $"{key}[{i}]: merged {got[i]}, expected {target} (delta {want.Delta[i]})");
            }
        }
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), touched);
    }

    /// <summary>Writes the producer's file and returns the one-line error reading it gives.</summary>
    public static string ReadError(ProducerLora producer)
    {
        using var dir = new TempDirectory();
        string path = dir.File("lora.safetensors");
        producer.Write(path);
        var error = Assert.Throws<InvalidDataException>(() => LoraFile.Read(path, P));
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith("lora.safetensors: ", error.Message);
        return error.Message;
    }
}
