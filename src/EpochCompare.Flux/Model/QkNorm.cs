using EpochCompare.Flux.Modules;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Model;

/// <summary>Separate RMSNorms for queries and keys (values pass through).</summary>
public sealed class QkNorm : Module
{
    public QkNorm(string path, int headDim)
        : base(path)
    {
        QueryNorm = Child(new RmsNorm(ChildPath("query_norm"), headDim));
        KeyNorm = Child(new RmsNorm(ChildPath("key_norm"), headDim));
    }

    public RmsNorm QueryNorm { get; }

    public RmsNorm KeyNorm { get; }

    public (Tensor Q, Tensor K) Forward(Tensor q, Tensor k) => (QueryNorm.Forward(q), KeyNorm.Forward(k));
}
