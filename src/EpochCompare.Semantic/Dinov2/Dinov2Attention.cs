using static TorchSharp.torch;

namespace EpochCompare.Semantic.Dinov2;

/// <summary><c>attention</c>: self-attention then its output projection.</summary>
public sealed class Dinov2Attention : nn.Module<Tensor, Tensor>
{
    private readonly Dinov2SelfAttention attention;
    private readonly Dinov2SelfOutput output;

    public Dinov2Attention(int hidden, int heads, Device? device = null) : base(nameof(Dinov2Attention))
    {
        attention = new Dinov2SelfAttention(hidden, heads, device);
        output = new Dinov2SelfOutput(hidden, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => output.forward(attention.forward(x));
}
