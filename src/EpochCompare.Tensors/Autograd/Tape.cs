namespace EpochCompare.Tensors.Autograd;

/// <summary>Records ops into the graph when gradients are enabled and some input requires them.</summary>
internal static class Tape
{
    private static long _nextId;

    public static bool ShouldRecord(Tensor a) => a.RequiresGrad && NoGrad.IsGradEnabled;

    public static bool ShouldRecord(Tensor a, Tensor b) => (a.RequiresGrad || b.RequiresGrad) && NoGrad.IsGradEnabled;

    public static bool ShouldRecord(Tensor a, Tensor b, Tensor c) =>
        (a.RequiresGrad || b.RequiresGrad || c.RequiresGrad) && NoGrad.IsGradEnabled;

    public static bool ShouldRecord(ReadOnlySpan<Tensor> inputs)
    {
        if (!NoGrad.IsGradEnabled)
        {
            return false;
        }
        foreach (var t in inputs)
        {
            if (t.RequiresGrad)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Marks <paramref name="output"/> as produced by <paramref name="op"/>; call only when ShouldRecord said so.</summary>
    public static void Record(Tensor output, string op, BackwardFn backward, params Tensor[] inputs)
    {
        output.Node = new GradNode(Interlocked.Increment(ref _nextId), op, output, inputs, backward);
        output.MarkRequiresGrad();
    }
}
