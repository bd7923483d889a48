using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>
/// BFL's <c>EmbedND</c>: rotary embedding over N position axes. ids [B, L, axes] to pe
/// [B, 1, L, head_dim/2, 2, 2], the axes' frequency pairs side by side. No parameters.
/// </summary>
public sealed class EmbedND : nn.Module<Tensor, Tensor>
{
    private readonly double _theta;
    private readonly int[] _axesDim;

    public EmbedND(double theta, IReadOnlyList<int> axesDim)
        : base(nameof(EmbedND))
    {
        _theta = theta;
        _axesDim = [.. axesDim];
    }

    public override Tensor forward(Tensor ids)
    {
        if (ids.dim() != 3 || ids.shape[2] != _axesDim.Length)
        {
            throw new ArgumentException($"EmbedND: ids [{string.Join(", ", ids.shape)}] must be [B, L, {_axesDim.Length}].");
        }
        using var scope = NewDisposeScope();
        Tensor[] axes = _axesDim.Select((dim, i) => Rope.Embed(ids[TensorIndex.Ellipsis, i], dim, _theta)).ToArray();
        return torch.cat(axes, -3).unsqueeze(1).MoveToOuterDisposeScope();
    }
}
