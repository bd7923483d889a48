using System.Numerics.Tensors;

namespace EpochCompare.Tensors.Optim;

/// <summary>Gradient clipping by global L2 norm (torch.nn.utils.clip_grad_norm_).</summary>
public static class GradClip
{
    /// <summary>
    /// Scales every gradient by maxNorm / (norm + 1e-6) when the global norm exceeds <paramref name="maxNorm"/>.
    /// Returns the norm before clipping (in parameter order, accumulated in double: deterministic).
    /// Parameters without a gradient are ignored.
    /// </summary>
    public static float ClipByGlobalNorm(IEnumerable<Tensor> parameters, float maxNorm)
    {
        var grads = parameters.Where(p => p.Grad is not null).Select(p => p.Grad!).ToArray();
        double sumSquares = 0;
        foreach (var g in grads)
        {
            var s = g.Span;
            for (int i = 0; i < s.Length; i += 4096)
            {
                sumSquares += TensorPrimitives.SumOfSquares(s.Slice(i, Math.Min(4096, s.Length - i)));
            }
        }
        float norm = (float)Math.Sqrt(sumSquares);
        float coef = (float)(maxNorm / (norm + 1e-6));
        if (coef < 1f)
        {
            foreach (var g in grads)
            {
                TensorPrimitives.Multiply(g.Span, coef, g.Span);
            }
        }
        return norm;
    }
}
