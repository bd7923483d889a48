namespace EpochCompare.Tensors;

/// <summary>
/// How a smaller operand repeats over a result: the result viewed as [Outer, Mid, Inner] and the operand as
/// [Outer, Inner], repeated along Mid. Same shape is (1, 1, N); a scalar is (1, N, 1); a row vector over
/// rows is (1, rows, D); [B,1,D] over [B,L,D] is (B, L, D). Anything else falls back to an explicit copy.
/// </summary>
internal readonly record struct Broadcast(int Outer, int Mid, int Inner)
{
    /// <summary>NumPy-style result shape of two operands, or an exception naming the op.</summary>
    public static int[] ResultShape(Tensor a, Tensor b, string op)
    {
        int rank = Math.Max(a.Rank, b.Rank);
        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Rank ? 1 : a.Shape[i - (rank - a.Rank)];
            int db = i < rank - b.Rank ? 1 : b.Shape[i - (rank - b.Rank)];
            if (da != db && da != 1 && db != 1)
            {
                throw Shapes.Mismatch(op, a, b, "cannot be broadcast together");
            }
            shape[i] = da == 1 ? db : da;
        }
        return shape;
    }

    /// <summary>The pattern of <paramref name="operand"/> over <paramref name="result"/>, or null when the repeated dims are not one block.</summary>
    public static Broadcast? Of(ReadOnlySpan<int> operand, ReadOnlySpan<int> result)
    {
        int rank = result.Length, pad = rank - operand.Length;
        int first = -1, last = -1;
        for (int i = 0; i < rank; i++)
        {
            int d = i < pad ? 1 : operand[i - pad];
            if (d == result[i] || result[i] == 1)
            {
                continue;
            }
            if (first < 0)
            {
                first = i;
            }
            else
            {
                for (int j = last + 1; j < i; j++)
                {
                    if (result[j] != 1)
                    {
                        return null; // repeated dims separated by a real dim
                    }
                }
            }
            last = i;
        }
        int count = Shapes.Product(result, 0, rank);
        if (first < 0)
        {
            return new Broadcast(1, 1, count);
        }
        return new Broadcast(Shapes.Product(result, 0, first), Shapes.Product(result, first, last + 1), Shapes.Product(result, last + 1, rank));
    }

    /// <summary>General (slow) path: copies <paramref name="src"/> expanded to <paramref name="result"/>.</summary>
    public static void Expand(ReadOnlySpan<float> src, ReadOnlySpan<int> srcShape, ReadOnlySpan<int> result, Span<float> dst)
    {
        var strides = SourceStrides(srcShape, result);
        int rank = result.Length;
        var index = new int[rank];
        for (int o = 0; o < dst.Length; o++)
        {
            int s = 0;
            for (int d = 0; d < rank; d++)
            {
                s += index[d] * strides[d];
            }
            dst[o] = src[s];
            Advance(index, result);
        }
    }

    /// <summary>General (slow) path: dst (operand shape) += sum of <paramref name="grad"/> over the broadcast dims.</summary>
    public static void ReduceInto(ReadOnlySpan<float> grad, ReadOnlySpan<int> dstShape, ReadOnlySpan<int> result, Span<float> dst, float sign)
    {
        var strides = SourceStrides(dstShape, result);
        int rank = result.Length;
        var index = new int[rank];
        for (int o = 0; o < grad.Length; o++)
        {
            int s = 0;
            for (int d = 0; d < rank; d++)
            {
                s += index[d] * strides[d];
            }
            dst[s] += sign * grad[o];
            Advance(index, result);
        }
    }

    private static int[] SourceStrides(ReadOnlySpan<int> srcShape, ReadOnlySpan<int> result)
    {
        int rank = result.Length, pad = rank - srcShape.Length;
        var strides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= pad; i--)
        {
            int d = srcShape[i - pad];
            strides[i] = d == 1 ? 0 : stride;
            stride *= d;
        }
        return strides;
    }

    private static void Advance(int[] index, ReadOnlySpan<int> shape)
    {
        for (int d = index.Length - 1; d >= 0; d--)
        {
            if (++index[d] < shape[d])
            {
                return;
            }
            index[d] = 0;
        }
    }
}
