using EpochCompare.Flux.Modules;
using EpochCompare.Tensors;

namespace EpochCompare.Demo.Classifier;

/// <summary>
/// A small MLP over <see cref="ClassifierInput"/>: 3072 -> 384 -> 192 -> one logit per concept, GELU between.
/// Ground truth for the demo only ("is this still a revolver?"), never used by the offline metrics.
/// </summary>
public sealed class ConceptClassifierNet : Module
{
    public const int Hidden1 = 384;
    public const int Hidden2 = 192;

    public ConceptClassifierNet(int classes)
        : base("")
    {
        Classes = classes;
        Input = Child(new Linear(ChildPath("fc1"), ClassifierInput.Length, Hidden1));
        Middle = Child(new Linear(ChildPath("fc2"), Hidden1, Hidden2));
        Output = Child(new Linear(ChildPath("head"), Hidden2, classes));
    }

    public int Classes { get; }

    public Linear Input { get; }

    public Linear Middle { get; }

    public Linear Output { get; }

    /// <summary>Logits [N, classes] for inputs [N, 3072].</summary>
    public Tensor Forward(Tensor x) => Output.Forward(Ops.Gelu(Middle.Forward(Ops.Gelu(Input.Forward(x)))));
}
