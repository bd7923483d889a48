namespace EpochCompare.Tensors.Kernels;

/// <summary>
/// Fused scaled dot-product attention the engine calls; same contract and layout as <see cref="AttentionReference"/>.
/// Forward: tiles of queries x keys with an online softmax, so no L x L matrix exists beyond one tile;
/// it saves the row logsumexp. Backward: rebuilds the probabilities from the logsumexp one block of
/// query rows at a time. Tile sizes depend only on the length, and every output element is produced by
/// one thread in a fixed order, so the results are the same bits on any thread count.
/// </summary>
public static class Attention
{
    public static void Forward(
        ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v,
        Span<float> output, Span<float> logSumExp,
        int batch, int heads, int length, int headDim, float scale)
    {
        Forward(Gemm.DefaultThreads, q, k, v, output, logSumExp, batch, heads, length, headDim, scale);
    }

    public static void Backward(
        ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v,
        ReadOnlySpan<float> output, ReadOnlySpan<float> logSumExp, ReadOnlySpan<float> dOutput,
        Span<float> dq, Span<float> dk, Span<float> dv,
        int batch, int heads, int length, int headDim, float scale)
    {
        Backward(Gemm.DefaultThreads, q, k, v, output, logSumExp, dOutput, dq, dk, dv, batch, heads, length, headDim, scale);
    }

    /// <summary>Forward on a chosen thread count (tests and benchmarks).</summary>
    public static unsafe void Forward(
        int threads, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v,
        Span<float> output, Span<float> logSumExp,
        int batch, int heads, int length, int headDim, float scale)
    {
        var shape = AttentionShape.Validate("attention forward", batch, heads, length, headDim, threads);
        shape.Require(q, nameof(q));
        shape.Require(k, nameof(k));
        shape.Require(v, nameof(v));
        shape.Require(output, nameof(output));
        shape.RequireRows(logSumExp, nameof(logSumExp));
        if (shape.IsEmpty)
        {
            return;
        }
        fixed (float* pq = q)
        fixed (float* pk = k)
        fixed (float* pv = v)
        fixed (float* po = output)
        fixed (float* pl = logSumExp)
        {
            var job = new ForwardJob(pq, pk, pv, po, pl, shape, scale);
            int items = shape.Planes * job.QueryTiles;
            if (threads > 1 && items > 1)
            {
                Parallel.For(0, items, TensorThreads.Options(threads), item => AttentionForwardTile.Run(job, item));
            }
            else
            {
                for (int item = 0; item < items; item++)
                {
                    AttentionForwardTile.Run(job, item);
                }
            }
        }
    }

    /// <summary>Backward on a chosen thread count (tests and benchmarks). dq, dk, dv are overwritten.</summary>
    public static unsafe void Backward(
        int threads, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v,
        ReadOnlySpan<float> output, ReadOnlySpan<float> logSumExp, ReadOnlySpan<float> dOutput,
        Span<float> dq, Span<float> dk, Span<float> dv,
        int batch, int heads, int length, int headDim, float scale)
    {
        var shape = AttentionShape.Validate("attention backward", batch, heads, length, headDim, threads);
        shape.Require(q, nameof(q));
        shape.Require(k, nameof(k));
        shape.Require(v, nameof(v));
        shape.Require(output, nameof(output));
        shape.RequireRows(logSumExp, nameof(logSumExp));
        shape.Require(dOutput, nameof(dOutput));
        shape.Require(dq, nameof(dq));
        shape.Require(dk, nameof(dk));
        shape.Require(dv, nameof(dv));
        if (shape.IsEmpty)
        {
            return;
        }
        fixed (float* pq = q)
        fixed (float* pk = k)
        fixed (float* pv = v)
        fixed (float* po = output)
        fixed (float* pl = logSumExp)
        fixed (float* pdo = dOutput)
        fixed (float* pdq = dq)
        fixed (float* pdk = dk)
        fixed (float* pdv = dv)
        {
            var job = new BackwardJob(pq, pk, pv, po, pl, pdo, pdq, pdk, pdv, shape, scale);
            // One plane per work item: dK and dV sum over every query block of the plane in a fixed order.
            if (threads > 1 && shape.Planes > 1)
            {
                Parallel.For(0, shape.Planes, TensorThreads.Options(threads), plane => AttentionBackwardPlane.Run(job, plane));
            }
            else
            {
                for (int plane = 0; plane < shape.Planes; plane++)
                {
                    AttentionBackwardPlane.Run(job, plane);
                }
            }
        }
    }
}
