using System.Numerics.Tensors;
using EpochCompare.Tensors.Autograd;
using EpochCompare.Tensors.Kernels;

namespace EpochCompare.Tensors;

public static partial class Ops
{
    /// <summary>Elements per parallel chunk of an elementwise op (fixed: results never depend on the thread count).</summary>
    private const int ElementwiseChunk = 1 << 14;

    /// <summary>x * s.</summary>
    public static Tensor Scale(Tensor x, float s)
    {
        var y = Tensor.Empty(x.Shape.ToArray());
        var xa = x.Storage.Array; int xo = x.Offset;
        var ya = y.Storage.Array;
        TensorThreads.For(x.Count, ElementwiseChunk, (start, end) =>
            TensorPrimitives.Multiply(xa.AsSpan(xo + start, end - start), s, ya.AsSpan(start, end - start)));
        if (Tape.ShouldRecord(x))
        {
            Tape.Record(y, "scale", (gradOutput, sink) =>
            {
                var g = GradSink.OutputGradArray(y);
                if (sink.TryGetArray(x, out var dx, out int dxo, out bool acc))
                {
                    TensorThreads.For(x.Count, ElementwiseChunk, (start, end) =>
                    {
                        var gi = g.AsSpan(start, end - start);
                        var di = dx.AsSpan(dxo + start, end - start);
                        if (acc) { TensorPrimitives.MultiplyAdd(gi, s, di, di); } else { TensorPrimitives.Multiply(gi, s, di); }
                    });
                }
            }, x);
        }
        return y;
    }

    /// <summary>SiLU(x) = x * sigmoid(x).</summary>
    public static Tensor Silu(Tensor x) => Activation(x, "silu", ActivationKernels.SiluForward, ActivationKernels.SiluBackward);

    /// <summary>GELU with the tanh approximation: 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3))).</summary>
    public static Tensor Gelu(Tensor x) => Activation(x, "gelu", ActivationKernels.GeluForward, ActivationKernels.GeluBackward);

    private delegate void ActivationForward(ReadOnlySpan<float> x, Span<float> y);

    private delegate void ActivationBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> dx, bool accumulate);

    /// <summary>An elementwise activation, split into fixed chunks across threads in both directions.</summary>
    private static Tensor Activation(Tensor x, string op, ActivationForward forward, ActivationBackward backward)
    {
        var y = Tensor.Empty(x.Shape.ToArray());
        var xa = x.Storage.Array; int xo = x.Offset;
        var ya = y.Storage.Array;
        TensorThreads.For(x.Count, ElementwiseChunk, (start, end) =>
            forward(xa.AsSpan(xo + start, end - start), ya.AsSpan(start, end - start)));
        if (Tape.ShouldRecord(x))
        {
            Tape.Record(y, op, (gradOutput, sink) =>
            {
                var g = GradSink.OutputGradArray(y);
                if (!sink.TryGetArray(x, out var dx, out int dxo, out bool acc))
                {
                    return;
                }
                TensorThreads.For(x.Count, ElementwiseChunk, (start, end) =>
                    backward(xa.AsSpan(xo + start, end - start), g.AsSpan(start, end - start), dx.AsSpan(dxo + start, end - start), acc));
            }, x);
        }
        return y;
    }
}
