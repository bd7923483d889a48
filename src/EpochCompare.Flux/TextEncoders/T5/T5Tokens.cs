namespace EpochCompare.Flux.TextEncoders.T5;

/// <summary>One prompt tokenized for T5: the first <c>length - 1</c> piece ids, EOS (1), then pad (0) to the length; the mask is 1 on tokens and EOS.</summary>
public sealed record T5Tokens(IReadOnlyList<int> InputIds, IReadOnlyList<int> AttentionMask, bool Truncated);
