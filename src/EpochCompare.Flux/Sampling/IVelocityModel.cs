using EpochCompare.Tensors;

namespace EpochCompare.Flux.Sampling;

/// <summary>
/// What the sampler needs from a FLUX transformer: the velocity v = model(img, img_ids, txt, txt_ids,
/// timesteps, y, guidance) for packed image tokens img [B, L, C] (BFL <c>Flux.forward</c>).
/// </summary>
public interface IVelocityModel
{
    /// <summary>True for guidance-distilled models (dev): they read a guidance value per sample.</summary>
    bool GuidanceEmbedded { get; }

    /// <param name="img">[B, L, C] packed latent tokens.</param>
    /// <param name="imgIds">[B, L, 3] position ids.</param>
    /// <param name="txt">[B, T, context_in] text context.</param>
    /// <param name="txtIds">[B, T, 3] zeros.</param>
    /// <param name="timesteps">[B] times in [0, 1].</param>
    /// <param name="y">[B, vec_in] pooled text vector.</param>
    /// <param name="guidance">[B] distilled guidance, or null for models without the embedding.</param>
    /// <returns>[B, L, C] velocity.</returns>
    Tensor Forward(Tensor img, Tensor imgIds, Tensor txt, Tensor txtIds, Tensor timesteps, Tensor y, Tensor? guidance);
}
