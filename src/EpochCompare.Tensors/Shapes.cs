namespace EpochCompare.Tensors;

/// <summary>Shape arithmetic and the shape-error messages every op shares.</summary>
internal static class Shapes
{
    public static int Count(ReadOnlySpan<int> shape, string op)
    {
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"{op}: negative dimension in shape {Text(shape)}.");
            }
            count *= d;
            if (count > Array.MaxLength)
            {
                throw new ArgumentException($"{op}: shape {Text(shape)} has more than {Array.MaxLength} elements.");
            }
        }
        return (int)count;
    }

    public static string Text(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    public static int NormalizeDim(int dim, int rank, string op)
    {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank)
        {
            throw new ArgumentException($"{op}: dimension {dim} is out of range for rank {rank}.");
        }
        return d;
    }

    public static bool Equal(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>Product of dims [from, to).</summary>
    public static int Product(ReadOnlySpan<int> shape, int from, int to)
    {
        int p = 1;
        for (int i = from; i < to; i++)
        {
            p *= shape[i];
        }
        return p;
    }

    public static ArgumentException Mismatch(string op, Tensor a, Tensor b, string why) =>
        new($"{op}: shapes {a.ShapeText} and {b.ShapeText} {why}.");
}
