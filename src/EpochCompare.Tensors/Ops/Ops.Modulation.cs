using EpochCompare.Tensors.Autograd;
using EpochCompare.Tensors.Kernels;

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
        var xa = x.Storage.Array; int xo = x.Offset;
        var ya = y.Storage.Array;
        var sha = shift.Span.ToArray();
        var sca = scale.Span.ToArray();
        int chunk = TensorThreads.RowsPerChunk(d);
        TensorThreads.For(rows, chunk, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                int b = r / perBatch;
                ModulationKernels.Modulate(xa.AsSpan(xo + r * d, d), sha.AsSpan(b * d, d), sca.AsSpan(b * d, d), ya.AsSpan(r * d, d));
            }
        });
        if (Tape.ShouldRecord(x, shift, scale))
        {
            Tape.Record(y, op, (gradOutput, sink) =>
            {
                var g = GradSink.OutputGradArray(y);
                bool wantX = sink.TryGetArray(x, out var dx, out int dxo, out bool accX);
                bool wantShift = sink.TryGetZeroed(shift, out _);
                bool wantScale = sink.TryGetZeroed(scale, out _);
                int chunks = TensorThreads.Chunks(rows, chunk);
                int modSize = sca.Length;
                var partShift = wantShift ? new float[chunks * modSize] : null;
                var partScale = wantScale ? new float[chunks * modSize] : null;
                TensorThreads.For(rows, chunk, (r0, r1) =>
                {
                    int c = r0 / chunk;
                    for (int r = r0; r < r1; r++)
                    {
                        int b = r / perBatch;
                        int modAt = c * modSize + b * d;
                        ModulationKernels.ModulateBackward(xa.AsSpan(xo + r * d, d), sca.AsSpan(b * d, d), g.AsSpan(r * d, d),
                            wantX ? dx.AsSpan(dxo + r * d, d) : default, accX,
                            partShift is null ? default : partShift.AsSpan(modAt, d),
                            partScale is null ? default : partScale.AsSpan(modAt, d));
                    }
                });
                if (partShift is not null && sink.TryGet(shift, out var dShift, out _))
                {
                    AddPartials(partShift, chunks, dShift);
                }
                if (partScale is not null && sink.TryGet(scale, out var dScale, out _))
                {
                    AddPartials(partScale, chunks, dScale);
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
        var xa = x.Storage.Array; int xo = x.Offset;
        var ya = y.Storage.Array; int yo = y.Offset;
        var za = z.Storage.Array;
        var ga = gate.Span.ToArray();
        int chunk = TensorThreads.RowsPerChunk(d);
        TensorThreads.For(rows, chunk, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                int b = r / perBatch;
                ModulationKernels.GatedResidual(xa.AsSpan(xo + r * d, d), ga.AsSpan(b * d, d), ya.AsSpan(yo + r * d, d), za.AsSpan(r * d, d));
            }
        });
        if (Tape.ShouldRecord(x, gate, y))
        {
            Tape.Record(z, op, (gradOutput, sink) =>
            {
                sink.Accumulate(x, GradSink.OutputGradArray(z), 0);
                var g = GradSink.OutputGradArray(z);
                bool wantY = sink.TryGetArray(y, out var dy, out int dyo, out bool accY);
                bool wantGate = sink.TryGetZeroed(gate, out _);
                int chunks = TensorThreads.Chunks(rows, chunk);
                int modSize = ga.Length;
                var partGate = wantGate ? new float[chunks * modSize] : null;
                if (!wantY && partGate is null)
                {
                    return;
                }
                TensorThreads.For(rows, chunk, (r0, r1) =>
                {
                    int c = r0 / chunk;
                    for (int r = r0; r < r1; r++)
                    {
                        int b = r / perBatch;
                        ModulationKernels.GatedResidualBackward(ga.AsSpan(b * d, d), ya.AsSpan(yo + r * d, d), g.AsSpan(r * d, d),
                            wantY ? dy.AsSpan(dyo + r * d, d) : default, accY,
                            partGate is null ? default : partGate.AsSpan(c * modSize + b * d, d));
                    }
                });
                if (partGate is not null && sink.TryGet(gate, out var dGate, out _))
                {
                    AddPartials(partGate, chunks, dGate);
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
