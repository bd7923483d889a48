using EpochCompare.Flux.Modules;

namespace EpochCompare.Flux.Model;

/// <summary>The attention weights of one double-block stream: fused qkv, QK norm, output projection.</summary>
public sealed class SelfAttention : Module
{
    public SelfAttention(string path, int hidden, int heads, bool qkvBias)
        : base(path)
    {
        Qkv = Child(new Linear(ChildPath("qkv"), hidden, 3 * hidden, qkvBias));
        Norm = Child(new QkNorm(ChildPath("norm"), hidden / heads));
        Proj = Child(new Linear(ChildPath("proj"), hidden, hidden));
    }

    public Linear Qkv { get; }

    public QkNorm Norm { get; }

    public Linear Proj { get; }
}
