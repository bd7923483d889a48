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
                sink.Accumulate(q, dq, 0);
                sink.Accumulate(k, dk, 0);
                sink.Accumulate(v, dv, 0);
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
        Rotate(x.Storage.Array, x.Offset, pe.Storage.Array, pe.Offset, y.Storage.Array, 0, b, h, l, d, peBatched, transpose: false, accumulate: false);
        if (Tape.ShouldRecord(x))
        {
            Tape.Record(y, op, (gradOutput, sink) =>
            {
                var g = GradSink.OutputGradArray(y);
                if (sink.TryGetArray(x, out var dx, out int dxo, out bool acc))
                {
                    // The rotation's adjoint is its transpose.
                    Rotate(g, 0, pe.Storage.Array, pe.Offset, dx, dxo, b, h, l, d, peBatched, transpose: true, accumulate: acc);
                }
            }, x);
        }
        return y;
    }

    /// <summary>Rotates every row (b, h, l) of x by its position's pe; rows are split across threads in fixed chunks.</summary>
    private static unsafe void Rotate(float[] x, int xOffset, float[] pe, int peOffset, float[] y, int yOffset,
        int b, int h, int l, int d, bool peBatched, bool transpose, bool accumulate)
    {
        int pairs = d / 2;
        if (x.Length < xOffset + b * h * l * d || y.Length < yOffset + b * h * l * d || pe.Length < peOffset + (peBatched ? b : 1) * l * pairs * 4)
        {
            throw new ArgumentException($"apply_rope: buffers too small for [{b}, {h}, {l}, {d}].");
        }
        TensorThreads.For(b * h * l, TensorThreads.RowsPerChunk(d), (r0, r1) =>
        {
            fixed (float* px = x)
            fixed (float* ppe = pe)
            fixed (float* py = y)
            {
                for (int r = r0; r < r1; r++)
                {
                    int bi = r / (h * l), li = r % l;
                    float* peRow = ppe + peOffset + ((long)(peBatched ? bi * l : 0) + li) * pairs * 4;
                    Kernels.RopeKernels.RotateRow(px + xOffset + (long)r * d, peRow, py + yOffset + (long)r * d, pairs, transpose, accumulate);
                }
            }
        });
    }
}
