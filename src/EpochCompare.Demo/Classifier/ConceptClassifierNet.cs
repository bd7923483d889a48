using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Demo.Classifier;

/// <summary>
/// A small MLP over <see cref="ClassifierInput"/>: 3072 -> 384 -> 192 -> one logit per concept, tanh GELU between.
/// Ground truth for the demo only ("is this still a revolver?"), never used by the offline metrics.
/// Children are registered under the shipped file's names (<c>fc1</c>, <c>fc2</c>, <c>head</c>).
/// </summary>
public sealed class ConceptClassifierNet : nn.Module<Tensor, Tensor>
{
    public const int Hidden1 = 384;
    public const int Hidden2 = 192;

    private readonly Linear _fc1;
    private readonly Linear _fc2;
    private readonly Linear _head;

    public ConceptClassifierNet(int classes)
        : base(nameof(ConceptClassifierNet))
    {
        Classes = classes;
        _fc1 = nn.Linear(ClassifierInput.Length, Hidden1);
        _fc2 = nn.Linear(Hidden1, Hidden2);
        _head = nn.Linear(Hidden2, classes);
        register_module("fc1", _fc1);
        register_module("fc2", _fc2);
        register_module("head", _head);
    }

    public int Classes { get; }

    /// <summary>Logits [N, classes] for inputs [N, 3072].</summary>
    public override Tensor forward(Tensor x)
    {
        Tensor h = nn.functional.gelu(_fc1.forward(x), GELU.Approximate.tanh);
        h = nn.functional.gelu(_fc2.forward(h), GELU.Approximate.tanh);
        return _head.forward(h);
    }

    /// <summary>
    /// Fresh weights the way PyTorch initialises nn.Linear (weight and bias ~ U(-1/sqrt(in), 1/sqrt(in))),
    /// drawn from a generator seeded here, so an untrained net is the same for a seed.
    /// </summary>
    public void Initialize(int seed)
    {
        using var generator = new Generator(unchecked((ulong)seed));
        using var noGrad = no_grad();
        foreach (Linear linear in new[] { _fc1, _fc2, _head })
        {
            double bound = 1 / Math.Sqrt(linear.in_features);
            linear.weight!.uniform_(-bound, bound, generator);
            linear.bias!.uniform_(-bound, bound, generator);
        }
    }
}
