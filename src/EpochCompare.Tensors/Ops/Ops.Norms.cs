using System.Numerics.Tensors;
using EpochCompare.Tensors.Autograd;
using EpochCompare.Tensors.Memory;

namespace EpochCompare.Tensors;

public static partial class Ops
{
    /// <summary>FLUX's epsilon for every LayerNorm and RMSNorm.</summary>
    public const float NormEpsilon = 1e-6f;

    /// <summary>LayerNorm over the last dim without affine parameters: (x - mean) / sqrt(var + eps), biased variance.</summary>
    public static Tensor LayerNorm(Tensor x, float eps = NormEpsilon) => LayerNormCore(x, null, null, eps, "layer_norm");

    /// <summary>
    /// Fused adaLN: (1 + scale) * LayerNorm(x) + shift, x [B, ..., D], shift and scale [B, 1, D] or [B, D]
    /// (one row per batch entry, broadcast over the tokens).
    /// </summary>
    public static Tensor LayerNormModulate(Tensor x, Tensor shift, Tensor scale, float eps = NormEpsilon)
    {
        CheckModulation("layer_norm_modulate", x, shift, "shift");
        CheckModulation("layer_norm_modulate", x, scale, "scale");
        return LayerNormCore(x, shift, scale, eps, "layer_norm_modulate");
    }

    private static Tensor LayerNormCore(Tensor x, Tensor? shift, Tensor? scale, float eps, string op)
    {
        if (x.Rank < 1 || x.Size(-1) == 0)
        {
            throw new ArgumentException($"{op}: needs a non-empty last dimension, got {x.ShapeText}.");
        }
        int d = x.Size(-1), rows = x.Count / d;
        int rowsPerBatch = shift is null ? rows : rows / x.Size(0);
        var y = Tensor.Empty(x.Shape.ToArray());
        var mean = new float[rows];
        var rstd = new float[rows];
        var xa = x.Storage.Array; int xo = x.Offset;
        var ya = y.Storage.Array;
        var sha = shift?.Span.ToArray();
        var sca = scale?.Span.ToArray();
        TensorThreads.For(rows, TensorThreads.RowsPerChunk(d), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                var row = xa.AsSpan(xo + r * d, d);
                var dst = ya.AsSpan(r * d, d);
                float mu = TensorPrimitives.Sum(row) / d;
                TensorPrimitives.Subtract(row, mu, dst);
                float var = TensorPrimitives.SumOfSquares(dst) / d;
                float rs = 1f / MathF.Sqrt(var + eps);
                mean[r] = mu;
                rstd[r] = rs;
                if (sca is null)
                {
                    TensorPrimitives.Multiply(dst, rs, dst);
                }
                else
                {
                    int b = r / rowsPerBatch;
                    var sc = sca.AsSpan(b * d, d);
                    var sh = sha.AsSpan(b * d, d);
                    // (1 + sc) * (xc * rs) + sh  ==  xc * rs + (xc * rs) * sc + sh
                    TensorPrimitives.Multiply(dst, rs, dst);
                    for (int j = 0; j < d; j++)
                    {
                        dst[j] = dst[j] + dst[j] * sc[j] + sh[j];
                    }
                }
            }
        });

        bool record = shift is null ? Tape.ShouldRecord(x) : Tape.ShouldRecord(x, shift, scale!);
        if (record)
        {
            BackwardFn backward = (gradOutput, sink) =>
            {
                var g = GradSink.OutputGradArray(y);
                bool wantX = sink.TryGetArray(x, out var dx, out int dxOffset, out bool accX);
                bool wantShift = shift is not null && sink.TryGetZeroed(shift, out _);
                bool wantScale = scale is not null && sink.TryGetZeroed(scale, out _);
                int chunk = TensorThreads.RowsPerChunk(d);
                int chunks = (rows + chunk - 1) / chunk;
                int modSize = sca?.Length ?? 0;
                // Per-chunk partial sums for shift/scale, added in chunk order afterwards: same bits on any thread count.
                var partShift = wantShift ? new float[chunks * modSize] : null;
                var partScale = wantScale ? new float[chunks * modSize] : null;
                TensorThreads.For(rows, chunk, (r0, r1) =>
                {
                    int c = r0 / chunk;
                    var xhat = Scratch.Rent(d);
                    var gh = Scratch.Rent(d);
                    for (int r = r0; r < r1; r++)
                    {
                        var row = xa.AsSpan(xo + r * d, d);
                        var gr = g.AsSpan(r * d, d);
                        TensorPrimitives.Subtract(row, mean[r], xhat);
                        TensorPrimitives.Multiply(xhat, rstd[r], xhat);
                        ReadOnlySpan<float> gn = gr;
                        if (sca is not null)
                        {
                            int b = r / rowsPerBatch;
                            if (partShift is not null)
                            {
                                var dsh = partShift.AsSpan(c * modSize + b * d, d);
                                TensorPrimitives.Add(dsh, gr, dsh);
                            }
                            if (partScale is not null)
                            {
                                var dsc = partScale.AsSpan(c * modSize + b * d, d);
                                TensorPrimitives.MultiplyAdd(gr, xhat, dsc, dsc);
                            }
                            // gradient reaching the normalised value: g * (1 + scale)
                            TensorPrimitives.MultiplyAdd(gr, sca.AsSpan(b * d, d), gr, gh);
                            gn = gh;
                        }
                        if (wantX)
                        {
                            // dx = rstd * (gn - mean(gn) - xhat * mean(gn * xhat))
                            float mg = TensorPrimitives.Sum(gn) / d;
                            float mgx = TensorPrimitives.Dot(gn, xhat) / d;
                            var dst = dx.AsSpan(dxOffset + r * d, d);
                            float rs = rstd[r];
                            for (int j = 0; j < d; j++)
                            {
                                float v = rs * (gn[j] - mg - xhat[j] * mgx);
                                dst[j] = accX ? dst[j] + v : v;
                            }
                        }
                    }
                    Scratch.Return(xhat);
                    Scratch.Return(gh);
                });
                if (partShift is not null && sink.TryGet(shift!, out var dShift, out _))
                {
                    AddPartials(partShift, chunks, dShift);
                }
                if (partScale is not null && sink.TryGet(scale!, out var dScale, out _))
                {
                    AddPartials(partScale, chunks, dScale);
                }
            };
            if (shift is null)
            {
                Tape.Record(y, op, backward, x);
            }
            else
            {
                Tape.Record(y, op, backward, x, shift, scale!);
            }
        }
        return y;
    }

    /// <summary>
    /// RMSNorm with a learned scale (FLUX QKNorm): x * rsqrt(mean(x^2, last dim) + eps) * weight, weight [D].
    /// </summary>
    public static Tensor RmsNorm(Tensor x, Tensor weight, float eps = NormEpsilon)
    {
        const string op = "rms_norm";
        if (x.Rank < 1 || weight.Rank != 1 || weight.Count != x.Size(-1) || weight.Count == 0)
        {
            throw Shapes.Mismatch(op, x, weight, "do not match (weight must be [D] for x [..., D])");
        }
        int d = weight.Count, rows = x.Count / d;
        var y = Tensor.Empty(x.Shape.ToArray());
        var rrms = new float[rows];
        var xa = x.Storage.Array; int xo = x.Offset;
        var ya = y.Storage.Array;
        var w = weight.Span.ToArray();
        TensorThreads.For(rows, TensorThreads.RowsPerChunk(d), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                var row = xa.AsSpan(xo + r * d, d);
                float rs = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(row) / d + eps);
                rrms[r] = rs;
                var dst = ya.AsSpan(r * d, d);
                TensorPrimitives.Multiply(row, rs, dst);
                TensorPrimitives.Multiply(dst, w, dst);
            }
        });
        if (Tape.ShouldRecord(x, weight))
        {
            Tape.Record(y, op, (gradOutput, sink) =>
            {
                var g = GradSink.OutputGradArray(y);
                bool wantX = sink.TryGetArray(x, out var dx, out int dxOffset, out bool accX);
                bool wantW = sink.TryGetZeroed(weight, out _);
                int chunk = TensorThreads.RowsPerChunk(d);
                int chunks = (rows + chunk - 1) / chunk;
                var partW = wantW ? new float[chunks * d] : null;
                TensorThreads.For(rows, chunk, (r0, r1) =>
                {
                    var gw = Scratch.Rent(d);
                    for (int r = r0; r < r1; r++)
                    {
                        var row = xa.AsSpan(xo + r * d, d);
                        var gr = g.AsSpan(r * d, d);
                        float rs = rrms[r];
                        if (partW is not null)
                        {
                            // dw += g * x * rrms
                            TensorPrimitives.Multiply(gr, row, gw);
                            var pw = partW.AsSpan(r0 / chunk * d, d);
                            TensorPrimitives.MultiplyAdd(gw, rs, pw, pw);
                        }
                        if (wantX)
                        {
                            // g' = g * w;  dx = rrms * (g' - x * rrms^2 * mean(g' * x))
                            TensorPrimitives.Multiply(gr, w, gw);
                            float m = TensorPrimitives.Dot(gw, row) / d;
                            float c = rs * rs * rs * m;
                            var dst = dx.AsSpan(dxOffset + r * d, d);
                            for (int j = 0; j < d; j++)
                            {
                                float v = rs * gw[j] - c * row[j];
                                dst[j] = accX ? dst[j] + v : v;
                            }
                        }
                    }
                    Scratch.Return(gw);
                });
                if (partW is not null && sink.TryGet(weight, out var dw, out _))
                {
                    AddPartials(partW, chunks, dw);
                }
            }, x, weight);
        }
        return y;
    }

    /// <summary>Softmax over the last dim (max-subtracted, safe for large logits).</summary>
    public static Tensor Softmax(Tensor x)
    {
        if (x.Rank < 1 || x.Size(-1) == 0)
        {
            throw new ArgumentException($"softmax: needs a non-empty last dimension, got {x.ShapeText}.");
        }
        int d = x.Size(-1), rows = x.Count / d;
        var y = Tensor.Empty(x.Shape.ToArray());
        var xa = x.Storage.Array; int xo = x.Offset;
        var ya = y.Storage.Array;
        TensorThreads.For(rows, TensorThreads.RowsPerChunk(d), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                TensorPrimitives.SoftMax(xa.AsSpan(xo + r * d, d), ya.AsSpan(r * d, d));
            }
        });
        if (Tape.ShouldRecord(x))
        {
            Tape.Record(y, "softmax", (g, sink) =>
            {
                if (!sink.TryGet(x, out var dx, out bool acc))
                {
                    return;
                }
                var ys = y.Span;
                for (int r = 0; r < rows; r++)
                {
                    // dx = y * (g - sum(g * y))
                    var yr = ys.Slice(r * d, d);
                    var gr = g.Slice(r * d, d);
                    float dot = TensorPrimitives.Dot(gr, yr);
                    var dst = dx.Slice(r * d, d);
                    for (int j = 0; j < d; j++)
                    {
                        float v = yr[j] * (gr[j] - dot);
                        dst[j] = acc ? dst[j] + v : v;
                    }
                }
            }, x);
        }
        return y;
    }

    /// <summary>dst += sum of the per-chunk partial vectors, in chunk order.</summary>
    private static void AddPartials(float[] partials, int chunks, Span<float> dst)
    {
        int size = dst.Length;
        for (int c = 0; c < chunks; c++)
        {
            TensorPrimitives.Add(dst, partials.AsSpan(c * size, size), dst);
        }
    }
}
