using System.Numerics.Tensors;
using EpochCompare.Tensors.Autograd;
using EpochCompare.Tensors.Kernels;

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
        int chunk = TensorThreads.RowsPerChunk(d);
        TensorThreads.For(rows, chunk, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                int b = r / rowsPerBatch;
                (mean[r], rstd[r]) = NormKernels.LayerNormForward(xa.AsSpan(xo + r * d, d), ya.AsSpan(r * d, d),
                    sha.AsSpan(sha is null ? 0 : b * d, sha is null ? 0 : d), sca.AsSpan(sca is null ? 0 : b * d, sca is null ? 0 : d), eps);
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
                int chunks = TensorThreads.Chunks(rows, chunk);
                int modSize = sca?.Length ?? 0;
                // Per-chunk partial sums for shift/scale, added in chunk order afterwards: same bits on any thread count.
                var partShift = wantShift ? new float[chunks * modSize] : null;
                var partScale = wantScale ? new float[chunks * modSize] : null;
                TensorThreads.For(rows, chunk, (r0, r1) =>
                {
                    int c = r0 / chunk;
                    for (int r = r0; r < r1; r++)
                    {
                        int b = r / rowsPerBatch;
                        int modAt = c * modSize + b * d;
                        NormKernels.LayerNormBackward(xa.AsSpan(xo + r * d, d), mean[r], rstd[r], g.AsSpan(r * d, d),
                            sca is null ? default : sca.AsSpan(b * d, d),
                            wantX ? dx.AsSpan(dxOffset + r * d, d) : default, accX,
                            partShift is null ? default : partShift.AsSpan(modAt, d),
                            partScale is null ? default : partScale.AsSpan(modAt, d));
                    }
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
        int chunk = TensorThreads.RowsPerChunk(d);
        TensorThreads.For(rows, chunk, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                rrms[r] = NormKernels.RmsNormForward(xa.AsSpan(xo + r * d, d), w, ya.AsSpan(r * d, d), eps);
            }
        });
        if (Tape.ShouldRecord(x, weight))
        {
            Tape.Record(y, op, (gradOutput, sink) =>
            {
                var g = GradSink.OutputGradArray(y);
                bool wantX = sink.TryGetArray(x, out var dx, out int dxOffset, out bool accX);
                bool wantW = sink.TryGetZeroed(weight, out _);
                int chunks = TensorThreads.Chunks(rows, chunk);
                var partW = wantW ? new float[chunks * d] : null;
                TensorThreads.For(rows, chunk, (r0, r1) =>
                {
                    int c = r0 / chunk;
                    for (int r = r0; r < r1; r++)
                    {
                        NormKernels.RmsNormBackward(xa.AsSpan(xo + r * d, d), w, rrms[r], g.AsSpan(r * d, d),
                            wantX ? dx.AsSpan(dxOffset + r * d, d) : default, accX,
                            partW is null ? default : partW.AsSpan(c * d, d));
                    }
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
        int chunk = TensorThreads.RowsPerChunk(d);
        TensorThreads.For(rows, chunk, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                NormKernels.SoftmaxForward(xa.AsSpan(xo + r * d, d), ya.AsSpan(r * d, d));
            }
        });
        if (Tape.ShouldRecord(x))
        {
            Tape.Record(y, "softmax", (gradOutput, sink) =>
            {
                var g = GradSink.OutputGradArray(y);
                if (!sink.TryGetArray(x, out var dx, out int dxOffset, out bool acc))
                {
                    return;
                }
                TensorThreads.For(rows, chunk, (r0, r1) =>
                {
                    for (int r = r0; r < r1; r++)
                    {
                        NormKernels.SoftmaxBackward(ya.AsSpan(r * d, d), g.AsSpan(r * d, d), dx.AsSpan(dxOffset + r * d, d), acc);
                    }
                });
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
