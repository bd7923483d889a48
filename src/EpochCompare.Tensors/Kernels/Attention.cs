namespace EpochCompare.Tensors.Kernels;

/// <summary>
/// Fused scaled dot-product attention the engine calls; same contract as <see cref="AttentionReference"/>.
/// </summary>
public static class Attention
{
    public static void Forward(
        ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v,
        Span<float> output, Span<float> logSumExp,
        int batch, int heads, int length, int headDim, float scale)
    {
        // Placeholder until the tiled kernel lands: correct, slow.
        AttentionReference.Forward(q, k, v, output, logSumExp, batch, heads, length, headDim, scale);
    }

    public static void Backward(
        ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v,
        ReadOnlySpan<float> output, ReadOnlySpan<float> logSumExp, ReadOnlySpan<float> dOutput,
        Span<float> dq, Span<float> dk, Span<float> dv,
        int batch, int heads, int length, int headDim, float scale)
    {
        AttentionReference.Backward(q, k, v, output, logSumExp, dOutput, dq, dk, dv, batch, heads, length, headDim, scale);
    }
}
