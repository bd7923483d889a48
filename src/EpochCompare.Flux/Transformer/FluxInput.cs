using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>
/// The arguments of BFL's <c>Flux.forward</c>: img [B, L, in], img_ids [B, L, 3], txt [B, T, context_in],
/// txt_ids [B, T, 3], timesteps [B], y [B, vec_in], guidance [B] (guidance-distilled models only).
/// </summary>
public sealed record FluxInput(Tensor Img, Tensor ImgIds, Tensor Txt, Tensor TxtIds, Tensor Timesteps, Tensor Y, Tensor? Guidance = null);
