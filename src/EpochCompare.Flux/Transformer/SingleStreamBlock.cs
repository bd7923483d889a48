using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>
/// BFL's <c>SingleStreamBlock</c>: parallel attention and MLP. linear1 makes qkv and the MLP input in one GEMM,
/// linear2 projects [attention, GELU(mlp)] back (the ViT-22B layout).
/// </summary>
public sealed class SingleStreamBlock : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Linear linear1;
    private readonly Linear linear2;
    private readonly QKNorm norm;
    private readonly Modulation modulation;
    private readonly long _hidden;
    private readonly long _mlpHidden;
    private readonly int _numHeads;

    public SingleStreamBlock(long hidden, int numHeads, long mlpHidden, Device? device = null, ScalarType? dtype = null)
        : base(nameof(SingleStreamBlock))
    {
        _hidden = hidden;
        _mlpHidden = mlpHidden;
        _numHeads = numHeads;
        linear1 = nn.Linear(hidden, hidden * 3 + mlpHidden, hasBias: true, device: device, dtype: dtype);
        linear2 = nn.Linear(hidden + mlpHidden, hidden, hasBias: true, device: device, dtype: dtype);
        norm = new QKNorm(hidden / numHeads, device, dtype);
        modulation = new Modulation(hidden, isDouble: false, device, dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor vec, Tensor pe)
    {
        using var scope = NewDisposeScope();
        ModulationOut mod = modulation.call(vec).First;
        Tensor[] fused = linear1.call(mod.Modulate(LayerNorms.Plain(x))).split([3 * _hidden, _mlpHidden], -1);
        (Tensor q, Tensor k, Tensor v) = Attention.SplitHeads(fused[0], _numHeads);
        (q, k) = norm.call(q, k, v);
        Tensor attention = Attention.Forward(q, k, v, pe);
        Tensor mlp = nn.functional.gelu(fused[1], GELU.Approximate.tanh);
        Tensor output = linear2.call(torch.cat([attention, mlp], 2));
        return x.Plus(mod.Gate * output).MoveToOuterDisposeScope();
    }
}
