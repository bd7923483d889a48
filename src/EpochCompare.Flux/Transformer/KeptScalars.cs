using TorchSharp;

namespace EpochCompare.Flux.Transformer;

/// <summary>
/// Numbers the hot paths hand LibTorch, as Scalars alive for the whole process. TorchSharp turns a plain number
/// into a new native Scalar per call, and that object can be finalized while LibTorch still reads it: a full demo
/// run once died in the modulation's <c>scale + 1</c> with LibTorch's "Expected false to be true ... toFloat".
/// Elsewhere a Scalar is held with <c>using</c> for as long as the op runs.
/// </summary>
internal static class KeptScalars
{
    public static readonly Scalar One = 1.0.ToScalar();

    /// <summary>BFL's RMSNorm epsilon (also T5's layer-norm epsilon).</summary>
    public static readonly Scalar NormEps = 1e-6.ToScalar();
}
