namespace EpochCompare.Tensors.Kernels;

/// <summary>
/// Plain scaled dot-product attention (no mask), the reference for the fused kernel.
/// Layout: q, k, v, output and their gradients are [batch, heads, length, headDim] contiguous;
/// logSumExp is [batch, heads, length]: log of sum_j exp(scale * q_i . k_j), saved by the forward
/// pass so the backward pass can rebuild the probabilities without storing the L x L matrix.
/// </summary>
public static class AttentionReference
{
    public static void Forward(
        ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v,
        Span<float> output, Span<float> logSumExp,
        int batch, int heads, int length, int headDim, float scale)
    {
        int planes = batch * heads;
        var scores = new double[length];
        for (int p = 0; p < planes; p++)
        {
            int baseOffset = p * length * headDim;
            for (int i = 0; i < length; i++)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < length; j++)
                {
                    double s = 0;
                    for (int d = 0; d < headDim; d++)
                    {
                        s += (double)q[baseOffset + i * headDim + d] * k[baseOffset + j * headDim + d];
                    }
                    scores[j] = s * scale;
                    max = Math.Max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j < length; j++)
                {
                    scores[j] = Math.Exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int d = 0; d < headDim; d++)
                {
                    double acc = 0;
                    for (int j = 0; j < length; j++)
                    {
                        acc += scores[j] * v[baseOffset + j * headDim + d];
                    }
                    output[baseOffset + i * headDim + d] = (float)(acc / sum);
                }
                logSumExp[p * length + i] = (float)(max + Math.Log(sum));
            }
        }
    }

    /// <summary>Gradients of the forward pass; dq, dk, dv are overwritten (not accumulated).</summary>
    public static void Backward(
        ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v,
        ReadOnlySpan<float> output, ReadOnlySpan<float> logSumExp, ReadOnlySpan<float> dOutput,
        Span<float> dq, Span<float> dk, Span<float> dv,
        int batch, int heads, int length, int headDim, float scale)
    {
        int planes = batch * heads;
        int plane = length * headDim;
        dq[..(planes * plane)].Clear();
        dk[..(planes * plane)].Clear();
        dv[..(planes * plane)].Clear();
        for (int p = 0; p < planes; p++)
        {
            int o = p * plane;
            for (int i = 0; i < length; i++)
            {
                // delta_i = sum_d dO_id * O_id, the softmax backward's row term.
                double delta = 0;
                for (int d = 0; d < headDim; d++)
                {
                    delta += (double)dOutput[o + i * headDim + d] * output[o + i * headDim + d];
                }
                for (int j = 0; j < length; j++)
                {
                    double s = 0;
                    for (int d = 0; d < headDim; d++)
                    {
                        s += (double)q[o + i * headDim + d] * k[o + j * headDim + d];
                    }
                    double prob = Math.Exp(s * scale - logSumExp[p * length + i]);
                    double dProb = 0;
                    for (int d = 0; d < headDim; d++)
                    {
                        dProb += (double)dOutput[o + i * headDim + d] * v[o + j * headDim + d];
                        dv[o + j * headDim + d] += (float)(prob * dOutput[o + i * headDim + d]);
                    }
                    double dScore = prob * (dProb - delta) * scale;
                    for (int d = 0; d < headDim; d++)
                    {
                        dq[o + i * headDim + d] += (float)(dScore * k[o + j * headDim + d]);
                        dk[o + j * headDim + d] += (float)(dScore * q[o + i * headDim + d]);
                    }
                }
            }
        }
    }
}
