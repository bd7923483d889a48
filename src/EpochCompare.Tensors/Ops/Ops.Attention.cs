using System.Numerics.Tensors;
using EpochCompare.Tensors.Autograd;
using EpochCompare.Tensors.Memory;

namespace EpochCompare.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Scaled dot-product attention, no mask: softmax(q k^T * scale) v over q, k, v [B, H, L, D].
    /// Scale defaults to 1/sqrt(D). Runs the fused kernel (no L x L matrix kept); backward reuses its
    /// saved logsumexp.
    /// </summary>
    public static Tensor Attention(Tensor q, Tensor k, Tensor v, float? scale = null)
    {
        const string op = "attention";
        if (q.Rank != 4 || !Shapes.Equal(q.Shape, k.Shape) || !Shapes.Equal(q.Shape, v.Shape))
        {
            throw new ArgumentException($"{op}: q {q.ShapeText}, k {k.ShapeText}, v {v.ShapeText} must all be the same [B, H, L, D].");
        }
        int b = q.Size(0), h = q.Size(1), l = q.Size(2), d = q.Size(3);
        float s = scale ?? 1f / MathF.Sqrt(d);
        var o = Tensor.Empty(q.Shape.ToArray());
        var lse = new float[b * h * l];
        Kernels.Attention.Forward(q.Span, k.Span, v.Span, o.Span, lse, b, h, l, d, s);
        if (Tape.ShouldRecord(q, k, v))
        {
            Tape.Record(o, op, (g, sink) =>
            {
                int n = q.Count;
                var dq = Scratch.Rent(n);
                var dk = Scratch.Rent(n);
                var dv = Scratch.Rent(n);
                Kernels.Attention.Backward(q.Span, k.Span, v.Span, o.Span, lse, g, dq, dk, dv, b, h, l, d, s);
                sink.Accumulate(q, dq.AsSpan(0, n));
                sink.Accumulate(k, dk.AsSpan(0, n));
                sink.Accumulate(v, dv.AsSpan(0, n));
                Scratch.Return(dq);
                Scratch.Return(dk);
                Scratch.Return(dv);
            }, q, k, v);
        }
        return o;
    }

    /// <summary>
    /// FLUX apply_rope: x [B, H, L, D] with interleaved pairs (x[2m], x[2m+1]) rotated by the 2x2 matrix
    /// pe[b, 0, l, m] (pe [B or 1, 1, L, D/2, 2, 2], rows [[cos, -sin], [sin, cos]]):
    /// y[2m] = pe[m,0,0] x[2m] + pe[m,0,1] x[2m+1], y[2m+1] = pe[m,1,0] x[2m] + pe[m,1,1] x[2m+1].
    /// pe is a constant (no gradient flows into it).
    /// </summary>
    public static Tensor ApplyRope(Tensor x, Tensor pe)
    {
        const string op = "apply_rope";
        if (x.Rank != 4 || x.Size(3) % 2 != 0)
        {
            throw new ArgumentException($"{op}: x must be [B, H, L, D] with even D, got {x.ShapeText}.");
        }
        int b = x.Size(0), h = x.Size(1), l = x.Size(2), d = x.Size(3);
        bool peOk = pe.Rank == 6 && (pe.Size(0) == b || pe.Size(0) == 1) && pe.Size(1) == 1 && pe.Size(2) == l
            && pe.Size(3) == d / 2 && pe.Size(4) == 2 && pe.Size(5) == 2;
        if (!peOk)
        {
            throw Shapes.Mismatch(op, x, pe, $"do not fit (pe must be [{b} or 1, 1, {l}, {d / 2}, 2, 2])");
        }
        bool peBatched = pe.Size(0) == b && b > 1;
        var y = Tensor.Empty(x.Shape.ToArray());
        Rotate(x.Span, pe.Span, y.Span, b, h, l, d, peBatched, transpose: false, accumulate: false);
        if (Tape.ShouldRecord(x))
        {
            Tape.Record(y, op, (g, sink) =>
            {
                if (sink.TryGet(x, out var dx, out bool acc))
                {
                    // The rotation's adjoint is its transpose.
                    Rotate(g, pe.Span, dx, b, h, l, d, peBatched, transpose: true, accumulate: acc);
                }
            }, x);
        }
        return y;
    }

    private static void Rotate(ReadOnlySpan<float> x, ReadOnlySpan<float> pe, Span<float> y,
        int b, int h, int l, int d, bool peBatched, bool transpose, bool accumulate)
    {
        int pairs = d / 2;
        for (int bi = 0; bi < b; bi++)
        {
            var peB = pe.Slice(peBatched ? bi * l * pairs * 4 : 0, l * pairs * 4);
            for (int hi = 0; hi < h; hi++)
            {
                for (int li = 0; li < l; li++)
                {
                    int at = ((bi * h + hi) * l + li) * d;
                    var xr = x.Slice(at, d);
                    var yr = y.Slice(at, d);
                    var pr = peB.Slice(li * pairs * 4, pairs * 4);
                    for (int m = 0; m < pairs; m++)
                    {
                        float a00 = pr[4 * m], a01 = pr[4 * m + 1], a10 = pr[4 * m + 2], a11 = pr[4 * m + 3];
                        if (transpose)
                        {
                            (a01, a10) = (a10, a01);
                        }
                        float x0 = xr[2 * m], x1 = xr[2 * m + 1];
                        float y0 = a00 * x0 + a01 * x1;
                        float y1 = a10 * x0 + a11 * x1;
                        if (accumulate)
                        {
                            yr[2 * m] += y0;
                            yr[2 * m + 1] += y1;
                        }
                        else
                        {
                            yr[2 * m] = y0;
                            yr[2 * m + 1] = y1;
                        }
                    }
                }
            }
        }
    }
}
