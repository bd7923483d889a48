using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders.Clip;

/// <summary>Multi-head causal self-attention (<c>self_attn.{q,k,v,out}_proj</c>).</summary>
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

    public ClipAttention(ClipTextConfig config, Device? device = null, ScalarType? dtype = null)
        : base(nameof(ClipAttention))
    {
        int width = config.HiddenSize;
        _heads = config.Heads;
        _query = nn.Linear(width, width, device: device, dtype: dtype);
        _key = nn.Linear(width, width, device: device, dtype: dtype);
        _value = nn.Linear(width, width, device: device, dtype: dtype);
        _output = nn.Linear(width, width, device: device, dtype: dtype);
        RegisterComponents();
    }

    /// <summary><paramref name="x"/>: (batch, tokens, width). Position i attends to 0..i (logits scaled by 1/sqrt(head_dim)).</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        long batch = x.shape[0], tokens = x.shape[1], width = x.shape[2];
        Tensor Heads(Linear projection) => projection.call(x).view(batch, tokens, _heads, width / _heads).transpose(1, 2);
        Tensor attended = nn.functional.scaled_dot_product_attention(Heads(_query), Heads(_key), Heads(_value), is_casual: true);
        return _output.call(attended.transpose(1, 2).reshape(batch, tokens, width)).MoveToOuterDisposeScope();
    }
}
