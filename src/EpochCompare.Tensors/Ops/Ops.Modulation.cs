using System.Numerics.Tensors;
using EpochCompare.Tensors.Autograd;
using EpochCompare.Tensors.Memory;

namespace EpochCompare.Tensors;

public static partial class Ops
{
    /// <summary>
    /// (1 + scale) * x + shift in one pass; x [B, ..., D], shift and scale [B, 1, D] or [B, D] (per batch entry,
    /// broadcast over tokens). See <see cref="LayerNormModulate"/> for the form with the LayerNorm fused in.
    /// </summary>
    public static Tensor Modulate(Tensor x, Tensor shift, Tensor scale)
    {
        const string op = "modulate";
        CheckModulation(op, x, shift, "shift");
        CheckModulation(op, x, scale, "scale");
        int d = x.Size(-1), rows = x.Count / d, perBatch = rows / x.Size(0);
        var y = Tensor.Empty(x.Shape.ToArray());
        var xs = x.Span; var ys = y.Span; var sh = shift.Span; var sc = scale.Span;
        for (int r = 0; r < rows; r++)
        {
            int b = r / perBatch;
            var xr = xs.Slice(r * d, d);
            var yr = ys.Slice(r * d, d);
            TensorPrimitives.MultiplyAdd(xr, sc.Slice(b * d, d), xr, yr); // x * scale + x
            TensorPrimitives.Add(yr, sh.Slice(b * d, d), yr);
        }
        if (Tape.ShouldRecord(x, shift, scale))
        {
            Tape.Record(y, op, (g, sink) =>
            {
                var xs2 = x.Span; var sc2 = scale.Span;
                bool wantX = sink.TryGet(x, out var dx, out bool accX);
                bool wantShift = sink.TryGetZeroed(shift, out var dsh);
                bool wantScale = sink.TryGetZeroed(scale, out var dsc);
                for (int r = 0; r < rows; r++)
                {
                    int b = r / perBatch;
                    var gr = g.Slice(r * d, d);
                    if (wantShift) { TensorPrimitives.Add(dsh.Slice(b * d, d), gr, dsh.Slice(b * d, d)); }
                    if (wantScale) { TensorPrimitives.MultiplyAdd(gr, xs2.Slice(r * d, d), dsc.Slice(b * d, d), dsc.Slice(b * d, d)); }
                    if (wantX)
                    {
                        var dst = dx.Slice(r * d, d);
                        if (accX)
                        {
                            TensorPrimitives.MultiplyAdd(gr, sc2.Slice(b * d, d), dst, dst);
                            TensorPrimitives.Add(dst, gr, dst);
                        }
                        else
                        {
                            TensorPrimitives.MultiplyAdd(gr, sc2.Slice(b * d, d), gr, dst);
                        }
                    }
                }
            }, x, shift, scale);
        }
        return y;
    }

    /// <summary>
    /// Gated residual x + gate * y in one pass; x and y [B, ..., D], gate [B, 1, D] or [B, D].
    /// </summary>
    public static Tensor GatedResidual(Tensor x, Tensor gate, Tensor y)
    {
        const string op = "gated_residual";
        if (!Shapes.Equal(x.Shape, y.Shape))
        {
            throw Shapes.Mismatch(op, x, y, "must be equal (residual and branch)");
        }
        CheckModulation(op, x, gate, "gate");
        int d = x.Size(-1), rows = x.Count / d, perBatch = rows / x.Size(0);
        var z = Tensor.Empty(x.Shape.ToArray());
        var xs = x.Span; var ys = y.Span; var zs = z.Span; var gs = gate.Span;
        for (int r = 0; r < rows; r++)
        {
            int b = r / perBatch;
            TensorPrimitives.MultiplyAdd(ys.Slice(r * d, d), gs.Slice(b * d, d), xs.Slice(r * d, d), zs.Slice(r * d, d));
        }
        if (Tape.ShouldRecord(x, gate, y))
        {
            Tape.Record(z, op, (g, sink) =>
            {
                sink.Accumulate(x, g);
                var ys2 = y.Span; var gs2 = gate.Span;
                if (sink.TryGetZeroed(gate, out var dgate))
                {
                    for (int r = 0; r < rows; r++)
                    {
                        int b = r / perBatch;
                        TensorPrimitives.MultiplyAdd(g.Slice(r * d, d), ys2.Slice(r * d, d), dgate.Slice(b * d, d), dgate.Slice(b * d, d));
                    }
                }
                if (sink.TryGet(y, out var dy, out bool accY))
                {
                    for (int r = 0; r < rows; r++)
                    {
                        int b = r / perBatch;
                        var dst = dy.Slice(r * d, d);
                        if (accY)
                        {
                            TensorPrimitives.MultiplyAdd(g.Slice(r * d, d), gs2.Slice(b * d, d), dst, dst);
                        }
                        else
                        {
                            TensorPrimitives.Multiply(g.Slice(r * d, d), gs2.Slice(b * d, d), dst);
                        }
                    }
                }
            }, x, gate, y);
        }
        return z;
    }

    private static void CheckModulation(string op, Tensor x, Tensor mod, string name)
    {
        if (x.Rank < 2 || x.Size(-1) == 0)
        {
            throw new ArgumentException($"{op}: x must be [B, ..., D], got {x.ShapeText}.");
        }
        int b = x.Size(0), d = x.Size(-1);
        bool ok = mod.Count == b * d && mod.Rank >= 2 && mod.Size(0) == b && mod.Size(-1) == d;
        if (!ok)
        {
            throw new ArgumentException($"{op}: {name} {mod.ShapeText} does not fit x {x.ShapeText} (needs [{b}, 1, {d}] or [{b}, {d}]).");
        }
    }
}
