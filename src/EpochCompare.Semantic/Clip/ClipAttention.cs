using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Clip;

/// <summary>CLIP's multi-head self-attention (<c>self_attn</c>): separate q/k/v projections with bias, <c>out_proj</c>.</summary>
public sealed class ClipAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear out_proj;
    private readonly int _heads;

    public ClipAttention(int hidden, int heads, Device? device = null) : base(nameof(ClipAttention))
    {
        _heads = heads;
        q_proj = nn.Linear(hidden, hidden, device: device);
        k_proj = nn.Linear(hidden, hidden, device: device);
        v_proj = nn.Linear(hidden, hidden, device: device);
        out_proj = nn.Linear(hidden, hidden, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        long batch = x.shape[0], tokens = x.shape[1], hidden = x.shape[2];
        Tensor Heads(Linear projection) => projection.forward(x).view(batch, tokens, _heads, hidden / _heads).transpose(1, 2);
        Tensor attended = nn.functional.scaled_dot_product_attention(Heads(q_proj), Heads(k_proj), Heads(v_proj));
        return out_proj.forward(attended.transpose(1, 2).reshape(batch, tokens, hidden));
    }
}
