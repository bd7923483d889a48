using EpochCompare.Flux.Config;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.Transformer;

/// <summary>
/// Gradient checkpointing per block recomputes each block in backward; the LoRA's gradients must be the ones a plain
/// backward gives (same ops on the same values, so float32 round-off at most), the first block's LoRA included.
/// </summary>
public sealed class BlockCheckpointTests
{
    private static readonly FluxParams Tiny = TinyDevLayout.Params with { InChannels = 16, OutChannels = 16 };

    [Fact]
    public void Lora_gradients_with_checkpointing_equal_the_plain_ones()
    {
        torch.manual_seed(3);
        using var model = new FluxTransformer(Tiny);
        foreach (var p in model.parameters())
        {
            p.requires_grad = false;
        }
        using LoRANetwork lora = LoRANetwork.CreateForTraining(model, LoraTargets.Default(Tiny), rank: 2, alpha: 2);
        using (no_grad())
        {
            foreach (LoRAModule module in lora.Modules)
            {
                // lora_up starts at zero, which would make every lora_down gradient zero: give it values.
                module.Up.weight!.copy_(randn(module.Up.weight.shape) * 0.3);
            }
        }
        lora.Apply();
        FluxInput input = Input();

        (float plainLoss, Dictionary<string, float[]> plain) = LossAndGradients(model, lora, input, checkpointing: false);
        long recomputedBefore = BlockCheckpoint.Recomputed;
        (float checkpointedLoss, Dictionary<string, float[]> checkpointed) = LossAndGradients(model, lora, input, checkpointing: true);
        Assert.True(BlockCheckpoint.Recomputed - recomputedBefore >= Tiny.Depth + Tiny.DepthSingleBlocks, "backward did not recompute the blocks");

        Assert.Equal(plainLoss, checkpointedLoss, 6);
        Assert.Equal(plain.Keys.Order(), checkpointed.Keys.Order());
        foreach ((string name, float[] expected) in plain)
        {
            float[] actual = checkpointed[name];
            double scale = Math.Max(expected.Max(Math.Abs), 1e-12);
            Assert.True(scale > 1e-8, $"{name}: no gradient at all; the test would prove nothing");
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * scale, $"{name}[{i}]: {actual[i]} vs {expected[i]}");
            }
        }
        Assert.Contains(plain.Keys, k => k.StartsWith("lora_unet_double_blocks_0_", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_grad_checkpointing_changes_nothing_and_keeps_no_graph()
    {
        torch.manual_seed(4);
        using var model = new FluxTransformer(Tiny);
        FluxInput input = Input();
        using (no_grad())
        {
            using Tensor plain = model.call(input);
            model.GradientCheckpointing = true;
            using Tensor checkpointed = model.call(input);
            Assert.Equal(plain.data<float>().ToArray(), checkpointed.data<float>().ToArray());
            Assert.False(checkpointed.requires_grad);
        }
    }

    private static FluxInput Input()
    {
        var generator = new torch.Generator(11);
        const int b = 2, th = 2, tw = 2, tokens = th * tw, text = 3;
        return new FluxInput(
            randn([b, tokens, Tiny.InChannels], generator: generator),
            tensor(LatentPacking.ImageIds(b, th, tw), [b, tokens, 3]),
            randn([b, text, Tiny.ContextInDim], generator: generator),
            zeros([b, text, 3]),
            tensor(new[] { 0.3f, 0.8f }),
            randn([b, Tiny.VecInDim], generator: generator),
            tensor(new[] { 1f, 1f }));
    }

    private static (float Loss, Dictionary<string, float[]> Gradients) LossAndGradients(FluxTransformer model, LoRANetwork lora, FluxInput input, bool checkpointing)
    {
        model.GradientCheckpointing = checkpointing;
        foreach (var p in lora.parameters())
        {
            p.grad = null;
        }
        float loss;
        using (var scope = NewDisposeScope())
        {
            Tensor value = model.call(input).square().mean();
            loss = value.item<float>();
            value.backward();
        }
        var gradients = lora.named_parameters()
            .Where(p => !p.name.EndsWith(".alpha", StringComparison.Ordinal))
            .ToDictionary(p => p.name, p => p.parameter.grad!.data<float>().ToArray());
        return (loss, gradients);
    }
}
