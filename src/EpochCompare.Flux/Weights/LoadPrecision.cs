using static TorchSharp.torch;

namespace EpochCompare.Flux.Weights;

/// <summary>
/// The dtypes a model is materialised in. <see cref="DType"/> null keeps each tensor's stored dtype (fp8 upcast
/// to float32); otherwise every float tensor is converted to it as it is read, so peak memory is one copy of the
/// weights in that dtype. <see cref="Float8"/> says which Linear weights stay fp8 bytes (computing in <see cref="ComputeDType"/>).
/// </summary>
public sealed record LoadPrecision(ScalarType? DType, Float8Mode Float8 = Float8Mode.Upcast)
{
    /// <summary>Each tensor as stored, fp8 upcast (StateDictLoader's behaviour when no dtype is asked).</summary>
    public static LoadPrecision Stored { get; } = new((ScalarType?)null);

    /// <summary>The dtype layers compute in: the asked one, or bfloat16 for fp8 weights when none was asked.</summary>
    public ScalarType ComputeDType => DType ?? ScalarType.BFloat16;

    /// <summary>Whether a Linear weight stored as <paramref name="storedIsFloat8"/> is kept (or made) fp8.</summary>
    public bool KeepsFloat8(bool storedIsFloat8) => Float8 switch
    {
        Float8Mode.Keep => storedIsFloat8,
        Float8Mode.Quantize => true,
        _ => false,
    };
}
