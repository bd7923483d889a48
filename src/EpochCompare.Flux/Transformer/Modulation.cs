using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>One (shift, scale, gate) triple, each [B, 1, hidden].</summary>
public sealed record ModulationOut(Tensor Shift, Tensor Scale, Tensor Gate)
{
    /// <summary>(1 + scale) * x + shift, the adaLN modulation.</summary>
    public Tensor Modulate(Tensor normalized)
    {
        using Tensor factor = Scale.add(KeptScalars.One, KeptScalars.One);
        using Tensor scaled = factor * normalized;
        return scaled.Plus(Shift);
    }
}

/// <summary>
/// BFL's <c>Modulation</c>: lin(SiLU(vec)) chunked into two triples (double blocks: attention, MLP) or one
/// (single blocks).
/// </summary>
public sealed class Modulation : nn.Module<Tensor, (ModulationOut First, ModulationOut? Second)>
{
    private readonly Linear lin;
    private readonly bool _isDouble;

    public Modulation(long dim, bool isDouble, Device? device = null, ScalarType? dtype = null)
        : base(nameof(Modulation))
    {
        _isDouble = isDouble;
        lin = nn.Linear(dim, (isDouble ? 6 : 3) * dim, hasBias: true, device: device, dtype: dtype);
        RegisterComponents();
    }

    public Linear Lin => lin;

    public override (ModulationOut First, ModulationOut? Second) forward(Tensor vec)
    {
        using var scope = NewDisposeScope();
        Tensor[] parts = lin.call(nn.functional.silu(vec)).unsqueeze(1).chunk(_isDouble ? 6 : 3, -1);
        foreach (Tensor part in parts)
        {
            part.MoveToOuterDisposeScope();
        }
        var first = new ModulationOut(parts[0], parts[1], parts[2]);
        return (first, _isDouble ? new ModulationOut(parts[3], parts[4], parts[5]) : null);
    }
}
