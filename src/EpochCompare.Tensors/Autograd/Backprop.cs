namespace EpochCompare.Tensors.Autograd;

/// <summary>Runs reverse-mode differentiation from a scalar over the recorded graph, then frees the graph.</summary>
internal static class Backprop
{
    public static void Run(Tensor root)
    {
        if (root.Count != 1)
        {
            throw new InvalidOperationException($"backward: needs a scalar (one element), got {root.ShapeText}.");
        }
        if (!root.RequiresGrad)
        {
            throw new InvalidOperationException("backward: the tensor does not require grad (no parameter took part, the graph was already freed, or it was computed under NoGrad).");
        }
        float value = root.Span[0];
        if (!float.IsFinite(value))
        {
            string op = root.Node?.Op ?? "leaf";
            throw new ArithmeticException($"backward: the loss from '{op}' is {value}.");
        }

        var sink = new GradSink();
        if (root.IsLeaf)
        {
            sink.Accumulate(root, [1f]);
            return;
        }

        var nodes = Collect(root.Node!);
        try
        {
            sink.TryGet(root, out var seed, out _);
            seed[0] = 1f;
            foreach (var node in nodes)
            {
                var output = node.Output;
                if (output.PendingGrad is null || node.Backward is null)
                {
                    continue; // no gradient reached this op
                }
                node.Backward(output.PendingGrad.AsSpan(0, output.Count), sink);
                sink.ReleasePending(output);
            }
        }
        finally
        {
            sink.ReleaseAll(nodes);
            foreach (var node in nodes)
            {
                node.Output.DetachFromGraph();
                node.Free();
            }
        }
    }

    /// <summary>All nodes reachable from <paramref name="root"/>, newest first (a valid reverse topological order).</summary>
    private static List<GradNode> Collect(GradNode root)
    {
        var seen = new HashSet<GradNode> { root };
        var stack = new Stack<GradNode>();
        stack.Push(root);
        var all = new List<GradNode>();
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            all.Add(node);
            foreach (var input in node.Inputs)
            {
                if (input.Node is { } parent && seen.Add(parent))
                {
                    stack.Push(parent);
                }
            }
        }
        all.Sort((x, y) => y.Id.CompareTo(x.Id));
        return all;
    }
}
