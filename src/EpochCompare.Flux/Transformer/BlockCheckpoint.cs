using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace EpochCompare.Flux.Transformer;

/// <summary>
/// Gradient checkpointing per transformer block (what torch.utils.checkpoint does, which TorchSharp lacks), as a
/// custom autograd function: forward runs the block without recording a graph and keeps only its inputs; backward
/// runs it again with grad on, from those inputs, and back-propagates the incoming gradients through that graph.
/// The inner backward accumulates into the block's trainable leaves (the LoRA hooked on its Linears) as a plain
/// backward would, and hands the gradients of the block's inputs on to the outer graph. A requires-grad anchor is
/// an input so that the function is recorded even when no block input needs a gradient (the first block's, when
/// only the blocks carry LoRA): the LoRA inside still does.
/// </summary>
public static class BlockCheckpoint
{
    private static long _recomputed;

    /// <summary>Blocks recomputed in backward so far (process-wide), so tests can see the checkpointed path ran.</summary>
    internal static long Recomputed => Interlocked.Read(ref _recomputed);

    public static (Tensor Img, Tensor Txt) Double(DoubleStreamBlock block, Tensor img, Tensor txt, Tensor vec, Tensor pe)
    {
        using Tensor anchor = Anchor();
        List<Tensor> outputs = DoubleFunction.apply(block, anchor, img, txt, vec, pe);
        return (outputs[0], outputs[1]);
    }

    public static Tensor Single(SingleStreamBlock block, Tensor x, Tensor vec, Tensor pe)
    {
        using Tensor anchor = Anchor();
        return SingleFunction.apply(block, anchor, x, vec, pe)[0];
    }

    private static Tensor Anchor() => empty([0], requires_grad: true);

    /// <summary>vars: the block, the anchor, then the block's tensor inputs.</summary>
    private static void Save(AutogradContext ctx, object[] vars)
    {
        Tensor[] inputs = vars.Skip(2).Cast<Tensor>().ToArray();
        ctx.save_data("block", vars[0]);
        ctx.save_data("needs_grad", inputs.Select(t => t.requires_grad).ToArray());
        ctx.save_for_backward([.. inputs]);
    }

    /// <summary>Recomputes the block from its saved inputs and back-propagates <paramref name="gradOutputs"/>; returns one gradient per forward argument.</summary>
    private static List<Tensor> Recompute(AutogradContext ctx, List<Tensor> gradOutputs, Func<object, Tensor[], Tensor[]> run)
    {
        Interlocked.Increment(ref _recomputed);
        var needsGrad = (bool[])ctx.get_data("needs_grad");
        List<Tensor> saved = ctx.get_saved_variables();
        var inputGrads = new Tensor?[saved.Count];
        using (var scope = NewDisposeScope())
        using (enable_grad())
        {
            Tensor[] inputs = saved.Select((t, i) => t.detach().requires_grad_(needsGrad[i])).ToArray();
            Tensor[] outputs = run(ctx.get_data("block"), inputs);
            backward(outputs, gradOutputs);
            for (int i = 0; i < inputs.Length; i++)
            {
                // The outer engine takes these after this scope ends: move them out, to the caller's scope (or none).
                inputGrads[i] = needsGrad[i] ? inputs[i].grad?.detach().MoveToOuterDisposeScope() : null;
            }
        }
        saved.ForEach(t => t.Dispose());
        var grads = new List<Tensor> { null!, empty(0) };
        grads.AddRange(inputGrads!);
        return grads;
    }

    private sealed class DoubleFunction : MultiTensorFunction<DoubleFunction>
    {
        public override string Name => "DoubleStreamBlockCheckpoint";

        public override List<Tensor> forward(AutogradContext ctx, params object[] vars)
        {
            Save(ctx, vars);
            var (img, txt) = ((DoubleStreamBlock)vars[0]).call((Tensor)vars[2], (Tensor)vars[3], (Tensor)vars[4], (Tensor)vars[5]);
            return [img, txt];
        }

        public override List<Tensor> backward(AutogradContext ctx, List<Tensor> grad_outputs) =>
            Recompute(ctx, grad_outputs, (block, x) =>
            {
                var (img, txt) = ((DoubleStreamBlock)block).call(x[0], x[1], x[2], x[3]);
                return [img, txt];
            });
    }

    private sealed class SingleFunction : MultiTensorFunction<SingleFunction>
    {
        public override string Name => "SingleStreamBlockCheckpoint";

        public override List<Tensor> forward(AutogradContext ctx, params object[] vars)
        {
            Save(ctx, vars);
            return [((SingleStreamBlock)vars[0]).call((Tensor)vars[2], (Tensor)vars[3], (Tensor)vars[4])];
        }

        public override List<Tensor> backward(AutogradContext ctx, List<Tensor> grad_outputs) =>
            Recompute(ctx, grad_outputs, (block, x) => [((SingleStreamBlock)block).call(x[0], x[1], x[2])]);
    }
}
