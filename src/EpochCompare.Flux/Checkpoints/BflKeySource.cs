namespace EpochCompare.Flux.Checkpoints;

/// <summary>
/// Where one BFL checkpoint key comes from in another layout: the source keys concatenated along dim 0
/// in this order (one key: a plain rename), and whether the two halves of the result swap places
/// (diffusers' <c>norm_out.linear</c> is (scale, shift), BFL's <c>final_layer.adaLN_modulation.1</c> (shift, scale)).
/// </summary>
public sealed record BflKeySource(string BflKey, IReadOnlyList<string> Parts, bool SwapHalves = false);
