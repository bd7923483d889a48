using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.Model;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Sampling.OwnEngine;

/// <summary>
/// What the sampler needs from a FLUX transformer: the velocity [B, L, C] for one call's inputs
/// (BFL <c>Flux.forward</c>). <see cref="FluxModelVelocity"/> adapts <see cref="FluxModel"/>.
/// </summary>
public interface IVelocityModel
{
    /// <summary>True for guidance-distilled models (dev): they read a guidance value per sample.</summary>
    bool GuidanceEmbedded { get; }

    Tensor Forward(FluxInputs inputs);
}
