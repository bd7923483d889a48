using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders.T5;

/// <summary>
/// T5 self-attention (<c>SelfAttention.{q,k,v,o}</c>, no biases): logits <c>q.k + position_bias</c>
/// with no 1/sqrt(d_kv) scaling. Only block 0 holds <c>relative_attention_bias</c>; its bias is passed to every block.
/// </summary>
public sealed class T5Attention : nn.Module<Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "q")]
    private readonly Linear _query;
    [ComponentName(Name = "k")]
    private readonly Linear _key;
    [ComponentName(Name = "v")]
    private readonly Linear _value;
    [ComponentName(Name = "o")]
    private readonly Linear _output;
    [ComponentName(Name = "relative_attention_bias")]
    private readonly Embedding? _relativeBias;
    private readonly T5Config _config;

    public T5Attention(T5Config config, bool hasRelativeBias, Device? device = null, ScalarType? dtype = null)
        : base(nameof(T5Attention))
    {
        _config = config;
        _query = nn.Linear(config.DModel, config.Inner, hasBias: false, device: device, dtype: dtype);
        _key = nn.Linear(config.DModel, config.Inner, hasBias: false, device: device, dtype: dtype);
        _value = nn.Linear(config.DModel, config.Inner, hasBias: false, device: device, dtype: dtype);
        _output = nn.Linear(config.Inner, config.DModel, hasBias: false, device: device, dtype: dtype);
        if (hasRelativeBias)
        {
            _relativeBias = nn.Embedding(config.RelativeAttentionBuckets, config.Heads, device: device, dtype: dtype);
        }
        RegisterComponents();
    }

    /// <summary>(1, heads, T, T): <c>relative_attention_bias[bucket(j - i), h]</c>. Block 0 only.</summary>
    public Tensor PositionBias(long length, Device device)
    {
        if (_relativeBias is null)
        {
            throw new InvalidOperationException("only the first T5 block holds the relative attention bias");
        }
        using var scope = torch.NewDisposeScope();
        Tensor buckets = T5RelativePosition.Buckets(length, _config.RelativeAttentionBuckets, _config.RelativeAttentionMaxDistance, device);
        return _relativeBias.forward(buckets).permute(2, 0, 1).unsqueeze(0).MoveToOuterDisposeScope();
    }

    /// <summary><paramref name="bias"/>: the position bias, plus any additive key mask, broadcastable to (B, heads, T, T).</summary>
    public override Tensor forward(Tensor x, Tensor bias)
    {
        using var scope = torch.NewDisposeScope();
        long batch = x.shape[0], tokens = x.shape[1];
        Tensor Heads(Linear projection) => projection.call(x).view(batch, tokens, _config.Heads, _config.DKv).transpose(1, 2);
        // SDPA divides by sqrt(d_kv); T5 does not scale, so the query is pre-multiplied (a power of two for T5's d_kv, so exact).
        Tensor query = Heads(_query) * Math.Sqrt(_config.DKv);
        Tensor attended = nn.functional.scaled_dot_product_attention(query, Heads(_key), Heads(_value), bias.to_type(query.dtype));
        return _output.call(attended.transpose(1, 2).reshape(batch, tokens, _config.Inner)).MoveToOuterDisposeScope();
    }
}
