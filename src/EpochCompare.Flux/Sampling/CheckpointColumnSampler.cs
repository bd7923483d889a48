using EpochCompare.Flux.Lora;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Flux.Transformer;

namespace EpochCompare.Flux.Sampling;

/// <summary>
/// Samples grid columns on one base model held in memory: for each checkpoint column the LoRA is merged
/// into the base weights, the column's seeds run as one batch, and the exact base weights are restored
/// before the next column. The base is loaded once however many epochs are compared. A base kept in fp8
/// cannot take a merge without rounding the LoRA away, so there the LoRA runs beside it (hooked) and is unhooked.
/// </summary>
public sealed class CheckpointColumnSampler(FluxTransformer model, ITextConditioner text, IImageAutoencoder autoencoder) : IColumnSampler
{
    private readonly FluxSampler _sampler = new(model, text, autoencoder);

    public IReadOnlyList<float[]> Sample(SampleColumn column, SampleRequest request, Action<int, int>? onStep = null)
    {
        if (column.Lora is null)
        {
            return _sampler.SampleColumn(request, onStep);
        }
        using LoRANetwork network = LoRANetwork.FromWeights(model, column.Lora, column.Strength);
        if (!network.CanMerge)
        {
            network.Apply();
            return _sampler.SampleColumn(request, onStep);
        }
        using IDisposable merged = network.Merge();
        return _sampler.SampleColumn(request, onStep);
    }
}
