using EpochCompare.Tensors;

namespace EpochCompare.Flux.Model;

/// <summary>One adaLN triple, each [B, hidden]: LN output is scaled by (1 + Scale), shifted, and the branch gated.</summary>
public sealed record ModulationOut(Tensor Shift, Tensor Scale, Tensor Gate);
