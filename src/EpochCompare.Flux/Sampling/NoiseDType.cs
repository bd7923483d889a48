namespace EpochCompare.Flux.Sampling;

/// <summary>
/// The dtype the noise is drawn in. It changes the values, not just their precision:
/// PyTorch draws 24-bit uniforms for float32 and 8-bit uniforms for bfloat16.
/// </summary>
public enum NoiseDType
{
    Float32,
    BFloat16,
}
