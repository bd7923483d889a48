using EpochCompare.Flux.Modules;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Model;

/// <summary>nn.Sequential(Linear, GELU(tanh), Linear): checkpoint keys <c>.0</c> and <c>.2</c>.</summary>
public sealed class GeluMlp : Module
{
    public GeluMlp(string path, int hidden, int mlpHidden)
        : base(path)
    {
        Up = Child(new Linear(ChildPath("0"), hidden, mlpHidden));
        Down = Child(new Linear(ChildPath("2"), mlpHidden, hidden));
    }

    public Linear Up { get; }

    public Linear Down { get; }

    public Tensor Forward(Tensor x) => Down.Forward(Ops.Gelu(Up.Forward(x)));
}
