using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Dinov2;

/// <summary>q/k/v projections and softmax attention (<c>attention.attention</c>).</summary>
public sealed class Dinov2SelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly int _heads;

    public Dinov2SelfAttention(int hidden, int heads, Device? device = null) : base(nameof(Dinov2SelfAttention))
    {
        _heads = heads;
        query = nn.Linear(hidden, hidden, device: device);
        key = nn.Linear(hidden, hidden, device: device);
        value = nn.Linear(hidden, hidden, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        long batch = x.shape[0], tokens = x.shape[1], hidden = x.shape[2];
        Tensor Heads(Linear projection) => projection.forward(x).view(batch, tokens, _heads, hidden / _heads).transpose(1, 2);
        Tensor attended = nn.functional.scaled_dot_product_attention(Heads(query), Heads(key), Heads(value));
        return attended.transpose(1, 2).reshape(batch, tokens, hidden);
    }
}
