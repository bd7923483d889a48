using EpochCompare.Tensors;

namespace EpochCompare.Flux.Model;

/// <summary>
/// One call's inputs: packed latents img [B, L, in], their ids [B, L, 3], text tokens txt [B, T, context],
/// txt ids [B, T, 3], timesteps [B] in [0, 1], pooled vector y [B, vec], guidance [B] (guidance-embedded models only).
/// </summary>
public sealed record FluxInputs(Tensor Img, Tensor ImgIds, Tensor Txt, Tensor TxtIds, float[] Timesteps, Tensor Y, float[]? Guidance = null);
