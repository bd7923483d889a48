using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.Model;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Sampling.OwnEngine;

/// <summary>The FLUX transformer as the sampler's velocity model (whatever LoRA is merged or attached to it).</summary>
public sealed class FluxModelVelocity(FluxModel model) : IVelocityModel
{
    public bool GuidanceEmbedded => model.Params.GuidanceEmbed;

    public Tensor Forward(FluxInputs inputs) => model.Forward(inputs);
}
