namespace EpochCompare.Flux.TextEncoders.Clip;

/// <summary>
/// One prompt tokenized for the CLIP text model: <see cref="InputIds"/> is BOS, up to
/// <c>length - 2</c> tokens, EOS, then EOS padding (what FLUX feeds CLIP-L);
/// <see cref="EosPosition"/> is where the pooled output is read.
/// </summary>
public sealed record ClipTokens(IReadOnlyList<int> InputIds, int EosPosition, bool Truncated);
