using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>BFL's <c>LastLayer</c>: adaLN (shift first, then scale) over a plain LayerNorm, then a Linear to the output channels.</summary>
public sealed class LastLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear linear;
    // BFL's nn.Sequential(SiLU, Linear): the Linear is element 1.
    private readonly Sequential adaLN_modulation;

    public LastLayer(long hidden, long outChannels, Device? device = null, ScalarType? dtype = null)
        : base(nameof(LastLayer))
    {
        linear = nn.Linear(hidden, outChannels, hasBias: true, device: device, dtype: dtype);
        adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(hidden, 2 * hidden, hasBias: true, device: device, dtype: dtype));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor vec)
    {
        using var scope = NewDisposeScope();
        Tensor[] shiftScale = adaLN_modulation.call(vec).chunk(2, 1);
        Tensor modulated = shiftScale[1].unsqueeze(1).add(KeptScalars.One, KeptScalars.One) * LayerNorms.Plain(x);
        modulated = modulated.Plus(shiftScale[0].unsqueeze(1));
        return linear.call(modulated).MoveToOuterDisposeScope();
    }
}
