using System.Numerics.Tensors;
using EpochCompare.Tensors.Memory;

namespace EpochCompare.Tensors.Autograd;

/// <summary>
/// Where backward rules put input gradients. Leaves accumulate into their persistent <see cref="Tensor.Grad"/>
/// (GC memory); intermediate tensors get a pooled buffer that lives until their own rule has run.
/// A rule asks for the buffer and learns whether it already holds a partial sum (then it must add)
/// or is fresh (then it must overwrite every element).
/// </summary>
internal sealed class GradSink
{
    private readonly HashSet<float[]> _pending = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Gradient buffer of <paramref name="t"/>, or false when no gradient is wanted for it.
    /// <paramref name="accumulate"/> true: add into it; false: overwrite all of it.
    /// </summary>
    public bool TryGet(Tensor t, out Span<float> grad, out bool accumulate)
    {
        if (!t.RequiresGrad)
        {
            grad = default;
            accumulate = false;
            return false;
        }
        if (t.IsLeaf)
        {
            if (t.Grad is null)
            {
                t.Grad = t.NewGradTensor();
                accumulate = false;
            }
            else
            {
                accumulate = true;
            }
            grad = t.Grad.Span;
            return true;
        }
        if (t.PendingGrad is null)
        {
            t.PendingGrad = BufferPool.Rent(t.Count);
            _pending.Add(t.PendingGrad);
            accumulate = false;
        }
        else
        {
            accumulate = true;
        }
        grad = t.PendingGrad.AsSpan(0, t.Count);
        return true;
    }

    /// <summary>
    /// Like <see cref="TryGet"/>, but returns the backing array and offset, for rules that split their work
    /// across threads (spans cannot be captured by the worker delegates).
    /// </summary>
    public bool TryGetArray(Tensor t, out float[] array, out int offset, out bool accumulate)
    {
        if (!TryGet(t, out _, out accumulate))
        {
            array = [];
            offset = 0;
            return false;
        }
        if (t.IsLeaf)
        {
            array = t.Grad!.Storage.Array;
            offset = t.Grad.Offset;
        }
        else
        {
            array = t.PendingGrad!;
            offset = 0;
        }
        return true;
    }

    /// <summary>The gradient arriving at <paramref name="output"/> as an array (valid while its rule runs).</summary>
    public static float[] OutputGradArray(Tensor output) =>
        output.PendingGrad ?? throw new InvalidOperationException("backward: no gradient buffer for this op's output.");

    /// <summary>Like <see cref="TryGet"/>, but a fresh buffer is zeroed, so the rule may add into part of it.</summary>
    public bool TryGetZeroed(Tensor t, out Span<float> grad)
    {
        if (!TryGet(t, out grad, out bool accumulate))
        {
            return false;
        }
        if (!accumulate)
        {
            grad.Clear();
        }
        return true;
    }

    /// <summary>Adds <paramref name="g"/> (same element count) to the gradient of <paramref name="t"/>.</summary>
    public void Accumulate(Tensor t, ReadOnlySpan<float> g)
    {
        if (!TryGet(t, out var grad, out bool accumulate))
        {
            return;
        }
        if (accumulate) { TensorPrimitives.Add(grad, g, grad); } else { g.CopyTo(grad); }
    }

    /// <summary>
    /// Adds <paramref name="t"/>.Count values of <paramref name="g"/> from <paramref name="offset"/> to the gradient of
    /// <paramref name="t"/>; large ones (residual streams) are split in fixed chunks across threads (elementwise: same bits).
    /// </summary>
    public void Accumulate(Tensor t, float[] g, int offset)
    {
        int n = t.Count;
        if (n < ParallelCopyMin)
        {
            Accumulate(t, g.AsSpan(offset, n));
            return;
        }
        if (!TryGetArray(t, out var dst, out int dstOffset, out bool accumulate))
        {
            return;
        }
        TensorThreads.For(n, ParallelCopyChunk, (start, end) =>
        {
            var s = g.AsSpan(offset + start, end - start);
            var d = dst.AsSpan(dstOffset + start, end - start);
            if (accumulate) { TensorPrimitives.Add(d, s, d); } else { s.CopyTo(d); }
        });
    }

    private const int ParallelCopyMin = 1 << 16;

    private const int ParallelCopyChunk = 1 << 14;

    /// <summary>Returns an intermediate's gradient buffer to the pool once its rule has consumed it.</summary>
    public void ReleasePending(Tensor t)
    {
        if (t.PendingGrad is { } buffer)
        {
            t.PendingGrad = null;
            _pending.Remove(buffer);
            BufferPool.Return(buffer);
        }
    }

    /// <summary>Clears any buffers left by a failed or partial pass.</summary>
    public void ReleaseAll(IEnumerable<GradNode> nodes)
    {
        foreach (var node in nodes)
        {
            node.Output.PendingGrad = null;
            foreach (var input in node.Inputs)
            {
                input.PendingGrad = null;
            }
        }
        foreach (var buffer in _pending)
        {
            BufferPool.Return(buffer);
        }
        _pending.Clear();
    }
}
