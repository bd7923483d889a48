using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.Model;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Flux.TextEncoding.OwnEngine;
using ITextConditioner = EpochCompare.Flux.TextEncoding.OwnEngine.ITextConditioner;
using TextConditioning = EpochCompare.Flux.TextEncoding.OwnEngine.TextConditioning;
using TinyTextEncoder = EpochCompare.Flux.TextEncoding.OwnEngine.TinyTextEncoder;

namespace EpochCompare.Flux.Sampling.OwnEngine;

/// <summary>
/// Samples grid columns on one base model held in memory: for each checkpoint column the LoRA is merged
/// into the base weights, the column's seeds run as one batch, and the exact base weights are restored
/// before the next column. The base is loaded once however many epochs are compared.
/// </summary>
public sealed class CheckpointColumnSampler(FluxModel model, ITextConditioner text, IImageAutoencoder autoencoder) : IColumnSampler
{
    private readonly FluxSampler _sampler = new(new FluxModelVelocity(model), text, autoencoder);

    public IReadOnlyList<float[]> Sample(SampleColumn column, SampleRequest request, Action<int, int>? onStep = null)
    {
        using MergedLora? merged = column.Lora is null ? null : FluxLora.Merge(model, column.Lora, column.Strength);
        return _sampler.SampleColumn(request, onStep);
    }
}
