namespace EpochCompare.Tensors.Autograd;

/// <summary>Backward rule of one recorded op: reads the output's gradient, adds into its inputs' gradients via the sink.</summary>
internal delegate void BackwardFn(ReadOnlySpan<float> gradOutput, GradSink sink);

/// <summary>One recorded op in the define-by-run graph. Ids increase in creation order, so a descending sort is a topological order.</summary>
internal sealed class GradNode(long id, string op, Tensor output, Tensor[] inputs, BackwardFn backward)
{
    public long Id { get; } = id;

    public string Op { get; } = op;

    public Tensor Output { get; } = output;

    public Tensor[] Inputs { get; private set; } = inputs;

    public BackwardFn? Backward { get; private set; } = backward;

    /// <summary>Drops references to saved tensors so the graph's memory can be reclaimed.</summary>
    public void Free()
    {
        Inputs = [];
        Backward = null;
    }
}
