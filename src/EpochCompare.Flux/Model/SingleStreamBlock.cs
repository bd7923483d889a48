using EpochCompare.Flux.Modules;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Model;

/// <summary>
/// DiT block with parallel attention and MLP: linear1 makes qkv and the MLP input in one GEMM,
/// linear2 projects [attention, GELU(mlp)] back (the ViT-22B layout).
/// </summary>
public sealed class SingleStreamBlock : Module
{
    private readonly int _hidden;
    private readonly int _heads;
    private readonly int _mlpHidden;

    public SingleStreamBlock(string path, int hidden, int heads, int mlpHidden)
        : base(path)
    {
        _hidden = hidden;
        _heads = heads;
        _mlpHidden = mlpHidden;
        Linear1 = Child(new Linear(ChildPath("linear1"), hidden, 3 * hidden + mlpHidden));
        Linear2 = Child(new Linear(ChildPath("linear2"), hidden + mlpHidden, hidden));
        Norm = Child(new QkNorm(ChildPath("norm"), hidden / heads));
        Modulation = Child(new Modulation(ChildPath("modulation"), hidden, isDouble: false));
    }

    public Linear Linear1 { get; }
    public Linear Linear2 { get; }
    public QkNorm Norm { get; }
    public Modulation Modulation { get; }

    public Tensor Forward(Tensor x, Tensor vec, Tensor pe)
    {
        ModulationOut mod = Modulation.Forward(vec).First;
        Tensor fused = Linear1.Forward(Ops.LayerNormModulate(x, mod.Shift, mod.Scale));
        Tensor qkv = Ops.Slice(fused, 2, 0, 3 * _hidden);
        Tensor mlp = Ops.Slice(fused, 2, 3 * _hidden, _mlpHidden);
        (Tensor q, Tensor k, Tensor v) = Ops.SplitQkvHeads(qkv, _heads);
        (q, k) = Norm.Forward(q, k);
        Tensor attention = RopeAttention.Forward(q, k, v, pe);
        Tensor output = Linear2.Forward(Ops.Concat([attention, Ops.Gelu(mlp)], 2));
        return Ops.GatedResidual(x, mod.Gate, output);
    }
}
