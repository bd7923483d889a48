using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>
/// Numbers the hot paths hand LibTorch, as Scalars alive for the whole process. TorchSharp turns a plain number
/// into a new native Scalar per call, and that object can be finalized while LibTorch still reads it: a full demo
/// run once died in the modulation's <c>scale + 1</c> with LibTorch's "Expected false to be true ... toFloat".
/// Elsewhere a Scalar is held with <c>using</c> for as long as the op runs.
/// </summary>
public static class KeptScalars
{
    public static readonly Scalar One = 1.0.ToScalar();

    public static readonly Scalar Two = 2.0.ToScalar();

    /// <summary>BFL's RMSNorm epsilon (also T5's layer-norm epsilon).</summary>
    public static readonly Scalar NormEps = 1e-6.ToScalar();

    /// <summary>
    /// <c>a + b</c> with a held alpha: TorchSharp's <c>Tensor + Tensor</c> makes a temporary alpha Scalar of 1 on every
    /// call (the same hazard as above, in the residual adds of every block), so the hot paths add through this.
    /// </summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);
}
