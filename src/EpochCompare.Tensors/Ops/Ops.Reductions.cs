using System.Numerics.Tensors;
using EpochCompare.Tensors.Autograd;

namespace EpochCompare.Tensors;

public static partial class Ops
{
    private const int SumChunk = 4096;

    /// <summary>Sum of all elements, as a scalar tensor (shape []). Accumulated in fixed chunks, in double.</summary>
    public static Tensor Sum(Tensor x)
    {
        var y = Tensor.Scalar((float)DeterministicSum(x.Span));
        if (Tape.ShouldRecord(x))
        {
            Tape.Record(y, "sum", (g, sink) =>
            {
                if (sink.TryGet(x, out var dx, out bool acc))
                {
                    if (acc) { TensorPrimitives.Add(dx, g[0], dx); } else { dx.Fill(g[0]); }
                }
            }, x);
        }
        return y;
    }

    /// <summary>Mean of all elements, as a scalar tensor.</summary>
    public static Tensor Mean(Tensor x)
    {
        if (x.Count == 0)
        {
            throw new ArgumentException($"mean: empty tensor {x.ShapeText}.");
        }
        int n = x.Count;
        var y = Tensor.Scalar((float)(DeterministicSum(x.Span) / n));
        if (Tape.ShouldRecord(x))
        {
            Tape.Record(y, "mean", (g, sink) =>
            {
                if (sink.TryGet(x, out var dx, out bool acc))
                {
                    float v = g[0] / n;
                    if (acc) { TensorPrimitives.Add(dx, v, dx); } else { dx.Fill(v); }
                }
            }, x);
        }
        return y;
    }

    /// <summary>Sum over one dim (kept as size 1 when <paramref name="keepDim"/>).</summary>
    public static Tensor Sum(Tensor x, int dim, bool keepDim = false) => ReduceDim(x, dim, keepDim, mean: false);

    /// <summary>Mean over one dim (kept as size 1 when <paramref name="keepDim"/>).</summary>
    public static Tensor Mean(Tensor x, int dim, bool keepDim = false) => ReduceDim(x, dim, keepDim, mean: true);

    private static Tensor ReduceDim(Tensor x, int dim, bool keepDim, bool mean)
    {
        string op = mean ? "mean" : "sum";
        int d = Shapes.NormalizeDim(dim, x.Rank, op);
        int outer = Shapes.Product(x.Shape, 0, d), size = x.Shape[d], inner = Shapes.Product(x.Shape, d + 1, x.Rank);
        if (mean && size == 0)
        {
            throw new ArgumentException($"{op}: dim {dim} of {x.ShapeText} is empty.");
        }
        var shape = new List<int>(x.Shape.ToArray());
        if (keepDim) { shape[d] = 1; } else { shape.RemoveAt(d); }
        var y = Tensor.Zeros([.. shape]);
        var xs = x.Span; var ys = y.Span;
        float factor = mean ? 1f / size : 1f;
        for (int o = 0; o < outer; o++)
        {
            var dst = ys.Slice(o * inner, inner);
            for (int i = 0; i < size; i++)
            {
                TensorPrimitives.Add(dst, xs.Slice((o * size + i) * inner, inner), dst);
            }
            if (mean) { TensorPrimitives.Multiply(dst, factor, dst); }
        }
        if (Tape.ShouldRecord(x))
        {
            Tape.Record(y, op, (g, sink) =>
            {
                if (!sink.TryGet(x, out var dx, out bool acc))
                {
                    return;
                }
                for (int o = 0; o < outer; o++)
                {
                    var src = g.Slice(o * inner, inner);
                    for (int i = 0; i < size; i++)
                    {
                        var dst = dx.Slice((o * size + i) * inner, inner);
                        if (acc) { TensorPrimitives.MultiplyAdd(src, factor, dst, dst); } else { TensorPrimitives.Multiply(src, factor, dst); }
                    }
                }
            }, x);
        }
        return y;
    }

    /// <summary>
    /// Mean squared error mean((pred - target)^2), a scalar. Throws ArithmeticException naming the op and
    /// shapes when the result is NaN or infinite. Gradient flows to both operands.
    /// </summary>
    public static Tensor MseLoss(Tensor pred, Tensor target)
    {
        const string op = "mse_loss";
        if (!Shapes.Equal(pred.Shape, target.Shape))
        {
            throw Shapes.Mismatch(op, pred, target, "must be equal");
        }
        if (pred.Count == 0)
        {
            throw new ArgumentException($"{op}: empty tensors {pred.ShapeText}.");
        }
        int n = pred.Count;
        var ps = pred.Span; var ts = target.Span;
        double total = 0;
        Span<float> diff = stackalloc float[256];
        for (int i = 0; i < n; i += diff.Length)
        {
            int len = Math.Min(diff.Length, n - i);
            var dd = diff[..len];
            TensorPrimitives.Subtract(ps.Slice(i, len), ts.Slice(i, len), dd);
            total += TensorPrimitives.SumOfSquares(dd);
        }
        float value = (float)(total / n);
        if (!float.IsFinite(value))
        {
            throw new ArithmeticException($"{op}: loss is {value} for pred {pred.ShapeText} and target {target.ShapeText}.");
        }
        var y = Tensor.Scalar(value);
        if (Tape.ShouldRecord(pred, target))
        {
            Tape.Record(y, op, (g, sink) =>
            {
                float c = 2f * g[0] / n;
                var p2 = pred.Span; var t2 = target.Span;
                if (sink.TryGet(pred, out var dp, out bool accP))
                {
                    ScaledDifference(p2, t2, c, dp, accP);
                }
                if (sink.TryGet(target, out var dt, out bool accT))
                {
                    ScaledDifference(t2, p2, c, dt, accT);
                }
            }, pred, target);
        }
        return y;
    }

    /// <summary>dst (+)= c * (a - b), vectorised (same rounding as the scalar form: one subtract, one multiply, one add).</summary>
    private static void ScaledDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float c, Span<float> dst, bool accumulate)
    {
        if (accumulate)
        {
            var tmp = Memory.Scratch.Rent(a.Length);
            var t = tmp.AsSpan(0, a.Length);
            TensorPrimitives.Subtract(a, b, t);
            TensorPrimitives.Multiply(t, c, t);
            TensorPrimitives.Add(dst, t, dst);
            Memory.Scratch.Return(tmp);
        }
        else
        {
            TensorPrimitives.Subtract(a, b, dst);
            TensorPrimitives.Multiply(dst, c, dst);
        }
    }

    /// <summary>Sum in fixed 4096-element chunks (vectorised float), chunks added in double: same bits on every run.</summary>
    internal static double DeterministicSum(ReadOnlySpan<float> x)
    {
        double total = 0;
        for (int i = 0; i < x.Length; i += SumChunk)
        {
            total += TensorPrimitives.Sum(x.Slice(i, Math.Min(SumChunk, x.Length - i)));
        }
        return total;
    }
}
