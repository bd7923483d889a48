using System.Numerics.Tensors;
using EpochCompare.Tensors.Autograd;
using EpochCompare.Tensors.Memory;

namespace EpochCompare.Tensors;

public static partial class Ops
{
    private enum BinaryKind { Add, Sub, Mul }

    /// <summary>a + b with NumPy broadcasting (same shape, [B,1,D] over [B,L,D], [D] over rows, scalar...).</summary>
    public static Tensor Add(Tensor a, Tensor b) => Binary(a, b, BinaryKind.Add, "add");

    /// <summary>a - b with broadcasting.</summary>
    public static Tensor Sub(Tensor a, Tensor b) => Binary(a, b, BinaryKind.Sub, "sub");

    /// <summary>a * b elementwise with broadcasting.</summary>
    public static Tensor Mul(Tensor a, Tensor b) => Binary(a, b, BinaryKind.Mul, "mul");

    private static Tensor Binary(Tensor a, Tensor b, BinaryKind kind, string op)
    {
        if (Shapes.Equal(a.Shape, b.Shape))
        {
            return SameShapeBinary(a, b, kind, op);
        }
        var shape = Broadcast.ResultShape(a, b, op);
        // The full-size operand drives the loop; the other repeats. If neither is full size, expand a first.
        Tensor full = a, small = b;
        bool smallIsLeft = false;
        if (!Shapes.Equal(a.Shape, shape))
        {
            if (Shapes.Equal(b.Shape, shape))
            {
                (full, small, smallIsLeft) = (b, a, true);
            }
            else
            {
                full = ExpandTo(a, shape, op);
            }
        }
        var pattern = Broadcast.Of(small.Shape, shape);
        if (pattern is null)
        {
            small = ExpandTo(small, shape, op);
            pattern = new Broadcast(1, 1, small.Count);
        }
        var p = pattern.Value;
        var y = Tensor.Empty(shape);
        Combine(kind, full.Span, small.Span, p, y.Span, smallIsLeft);

        if (Tape.ShouldRecord(full, small))
        {
            Tape.Record(y, op, (g, sink) =>
            {
                // Gradient for the full-size operand.
                if (sink.TryGet(full, out var dFull, out bool accFull))
                {
                    var target = accFull ? Scratch.Rent(g.Length) : null;
                    var dst = target is null ? dFull : target.AsSpan(0, g.Length);
                    switch (kind)
                    {
                        case BinaryKind.Add: g.CopyTo(dst); break;
                        case BinaryKind.Sub:
                            if (smallIsLeft) { TensorPrimitives.Negate(g, dst); } else { g.CopyTo(dst); }
                            break;
                        case BinaryKind.Mul: Combine(BinaryKind.Mul, g, small.Span, p, dst, false); break;
                    }
                    if (target is not null)
                    {
                        TensorPrimitives.Add(dFull, dst, dFull);
                        Scratch.Return(target);
                    }
                }
                // Gradient for the repeating operand: the full-size gradient summed over the repeats.
                if (sink.TryGetZeroed(small, out var dSmall))
                {
                    float sign = kind == BinaryKind.Sub && !smallIsLeft ? -1f : 1f;
                    if (kind == BinaryKind.Mul)
                    {
                        var prod = Scratch.Rent(g.Length);
                        TensorPrimitives.Multiply(g, full.Span, prod.AsSpan(0, g.Length));
                        ReduceRepeats(prod.AsSpan(0, g.Length), p, dSmall, sign);
                        Scratch.Return(prod);
                    }
                    else
                    {
                        ReduceRepeats(g, p, dSmall, sign);
                    }
                }
            }, full, small);
        }
        return y;
    }

    /// <summary>a (op) b for equal shapes (LoRA's base + side path, residuals): elementwise in fixed chunks across threads.</summary>
    private static Tensor SameShapeBinary(Tensor a, Tensor b, BinaryKind kind, string op)
    {
        var y = Tensor.Empty(a.Shape.ToArray());
        var aa = a.Storage.Array; int ao = a.Offset;
        var ba = b.Storage.Array; int bo = b.Offset;
        var ya = y.Storage.Array;
        TensorThreads.For(y.Count, ElementwiseChunk, (start, end) =>
        {
            var sa = aa.AsSpan(ao + start, end - start);
            var sb = ba.AsSpan(bo + start, end - start);
            var sy = ya.AsSpan(start, end - start);
            switch (kind)
            {
                case BinaryKind.Add: TensorPrimitives.Add(sa, sb, sy); break;
                case BinaryKind.Sub: TensorPrimitives.Subtract(sa, sb, sy); break;
                default: TensorPrimitives.Multiply(sa, sb, sy); break;
            }
        });
        if (Tape.ShouldRecord(a, b))
        {
            Tape.Record(y, op, (_, sink) =>
            {
                var g = GradSink.OutputGradArray(y);
                // a first, then b: when a and b are the same tensor the second adds onto the first.
                GradOfOperand(sink, a, kind == BinaryKind.Mul ? b : null, 1f, g);
                GradOfOperand(sink, b, kind == BinaryKind.Mul ? a : null, kind == BinaryKind.Sub ? -1f : 1f, g);
            }, a, b);
        }
        return y;
    }

    /// <summary>d(target) (+)= sign * g, or g * other for a product.</summary>
    private static void GradOfOperand(GradSink sink, Tensor target, Tensor? other, float sign, float[] g)
    {
        if (!sink.TryGetArray(target, out var dt, out int dto, out bool acc))
        {
            return;
        }
        var oa = other?.Storage.Array;
        int oo = other?.Offset ?? 0;
        TensorThreads.For(target.Count, ElementwiseChunk, (start, end) =>
        {
            var gs = g.AsSpan(start, end - start);
            var d = dt.AsSpan(dto + start, end - start);
            if (oa is not null)
            {
                var o = oa.AsSpan(oo + start, end - start);
                if (acc) { TensorPrimitives.MultiplyAdd(gs, o, d, d); } else { TensorPrimitives.Multiply(gs, o, d); }
            }
            else if (sign == 1f)
            {
                if (acc) { TensorPrimitives.Add(d, gs, d); } else { gs.CopyTo(d); }
            }
            else
            {
                if (acc) { TensorPrimitives.Subtract(d, gs, d); } else { TensorPrimitives.Negate(gs, d); }
            }
        });
    }

    /// <summary>dst = full (op) small repeated by pattern p; with smallIsLeft the small operand is on the left.</summary>
    private static void Combine(BinaryKind kind, ReadOnlySpan<float> full, ReadOnlySpan<float> small, Broadcast p, Span<float> dst, bool smallIsLeft)
    {
        int block = p.Mid * p.Inner;
        for (int o = 0; o < p.Outer; o++)
        {
            if (p.Inner == 1)
            {
                // A scalar per outer index: one vector op over the whole block.
                float s = small[o];
                var f = full.Slice(o * block, block);
                var d = dst.Slice(o * block, block);
                switch (kind)
                {
                    case BinaryKind.Add: TensorPrimitives.Add(f, s, d); break;
                    case BinaryKind.Mul: TensorPrimitives.Multiply(f, s, d); break;
                    case BinaryKind.Sub:
                        if (smallIsLeft) { TensorPrimitives.Subtract(s, f, d); } else { TensorPrimitives.Subtract(f, s, d); }
                        break;
                }
                continue;
            }
            var sRow = small.Slice(o * p.Inner, p.Inner);
            for (int m = 0; m < p.Mid; m++)
            {
                int at = (o * p.Mid + m) * p.Inner;
                var f = full.Slice(at, p.Inner);
                var d = dst.Slice(at, p.Inner);
                switch (kind)
                {
                    case BinaryKind.Add: TensorPrimitives.Add(f, sRow, d); break;
                    case BinaryKind.Mul: TensorPrimitives.Multiply(f, sRow, d); break;
                    case BinaryKind.Sub:
                        if (smallIsLeft) { TensorPrimitives.Subtract(sRow, f, d); } else { TensorPrimitives.Subtract(f, sRow, d); }
                        break;
                }
            }
        }
    }

    /// <summary>dst[o, i] += sign * sum over m of g[o, m, i] (in order of m: deterministic).</summary>
    private static void ReduceRepeats(ReadOnlySpan<float> g, Broadcast p, Span<float> dst, float sign)
    {
        for (int o = 0; o < p.Outer; o++)
        {
            var d = dst.Slice(o * p.Inner, p.Inner);
            if (p.Inner == 1)
            {
                d[0] += sign * TensorPrimitives.Sum(g.Slice(o * p.Mid, p.Mid));
                continue;
            }
            for (int m = 0; m < p.Mid; m++)
            {
                var row = g.Slice((o * p.Mid + m) * p.Inner, p.Inner);
                if (sign == 1f)
                {
                    TensorPrimitives.Add(d, row, d);
                }
                else
                {
                    TensorPrimitives.Subtract(d, row, d);
                }
            }
        }
    }

    /// <summary>Explicit broadcast copy (general fallback), differentiable.</summary>
    private static Tensor ExpandTo(Tensor x, int[] shape, string op)
    {
        var y = Tensor.Empty(shape);
        Broadcast.Expand(x.Span, x.Shape, shape, y.Span);
        if (Tape.ShouldRecord(x))
        {
            Tape.Record(y, op + ".expand", (g, sink) =>
            {
                if (sink.TryGetZeroed(x, out var dx))
                {
                    Broadcast.ReduceInto(g, x.Shape, shape, dx, 1f);
                }
            }, x);
        }
        return y;
    }
}
