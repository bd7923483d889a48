namespace EpochCompare.Flux.Weights;

/// <summary>What happens to fp8 (and, when asked, 16-bit) Linear weights at load.</summary>
public enum Float8Mode
{
    /// <summary>Every weight upcast to the compute dtype at load (fp8 files cost 2-4 bytes a weight in memory).</summary>
    Upcast,

    /// <summary>fp8 Linear weights stay fp8 bytes on the device and are upcast per layer at forward; other weights as <see cref="Upcast"/>.</summary>
    Keep,

    /// <summary>As <see cref="Keep"/>, and 16/32-bit Linear weights are rounded to e4m3fn at load (a bf16 file held in 1 byte a weight).</summary>
    Quantize,
}
