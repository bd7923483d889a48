namespace EpochCompare.Flux.Sampling;

/// <summary>Renders one grid column (base or one LoRA checkpoint) for one request: one [3, H, W] image in [-1, 1] per seed.</summary>
public interface IColumnSampler
{
    IReadOnlyList<float[]> Sample(SampleColumn column, SampleRequest request, Action<int, int>? onStep = null);
}
