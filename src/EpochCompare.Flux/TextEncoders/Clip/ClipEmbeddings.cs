using EpochCompare.Flux.Transformer;
using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders.Clip;

/// <summary><c>embeddings.token_embedding[ids] + embeddings.position_embedding[0..T)</c>.</summary>
public sealed class ClipEmbeddings : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "token_embedding")]
    private readonly Embedding _token;
    [ComponentName(Name = "position_embedding")]
    private readonly Embedding _position;

    public ClipEmbeddings(ClipTextConfig config, Device? device = null, ScalarType? dtype = null)
        : base(nameof(ClipEmbeddings))
    {
        _token = nn.Embedding(config.VocabSize, config.HiddenSize, device: device, dtype: dtype);
        _position = nn.Embedding(config.MaxPositions, config.HiddenSize, device: device, dtype: dtype);
        RegisterComponents();
    }

    /// <summary><paramref name="ids"/>: (batch, tokens) int64, tokens at most max positions.</summary>
    public override Tensor forward(Tensor ids)
    {
        using var scope = torch.NewDisposeScope();
        Tensor positions = torch.arange(ids.shape[1], dtype: ScalarType.Int64, device: ids.device);
        return _token.forward(ids).Plus(_position.forward(positions)).MoveToOuterDisposeScope();
    }
}
