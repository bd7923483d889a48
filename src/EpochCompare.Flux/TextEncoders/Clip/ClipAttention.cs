using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders.Clip;

/// <summary>
/// CLIP's multi-head self-attention (<c>self_attn.{q,k,v,out}_proj</c>): causal in the text tower, full in the
/// vision tower (EpochCompare.Semantic); otherwise the same math.
/// </summary>
public sealed class ClipAttention : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "q_proj")]
    private readonly Linear _query;
    [ComponentName(Name = "k_proj")]
    private readonly Linear _key;
    [ComponentName(Name = "v_proj")]
    private readonly Linear _value;
    [ComponentName(Name = "out_proj")]
    private readonly Linear _output;
    private readonly int _heads;
    private readonly bool _causal;

    public ClipAttention(int width, int heads, bool causal, Device? device = null, ScalarType? dtype = null)
        : base(nameof(ClipAttention))
    {
        _heads = heads;
        _causal = causal;
        _query = nn.Linear(width, width, device: device, dtype: dtype);
        _key = nn.Linear(width, width, device: device, dtype: dtype);
        _value = nn.Linear(width, width, device: device, dtype: dtype);
        _output = nn.Linear(width, width, device: device, dtype: dtype);
        RegisterComponents();
    }

    /// <summary><paramref name="x"/>: (batch, tokens, width). Causal: position i attends to 0..i; else to all (logits scaled by 1/sqrt(head_dim)).</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        long batch = x.shape[0], tokens = x.shape[1], width = x.shape[2];
        Tensor Heads(Linear projection) => projection.call(x).view(batch, tokens, _heads, width / _heads).transpose(1, 2);
        Tensor attended = nn.functional.scaled_dot_product_attention(Heads(_query), Heads(_key), Heads(_value), is_casual: _causal);
        return _output.call(attended.transpose(1, 2).reshape(batch, tokens, width)).MoveToOuterDisposeScope();
    }
}
