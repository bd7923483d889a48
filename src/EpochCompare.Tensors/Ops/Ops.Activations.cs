using System.Numerics.Tensors;
using EpochCompare.Tensors.Autograd;
using EpochCompare.Tensors.Memory;

namespace EpochCompare.Tensors;

public static partial class Ops
{
    private const int ElementwiseChunk = 1 << 16;

    /// <summary>x * s.</summary>
    public static Tensor Scale(Tensor x, float s)
    {
        var y = Tensor.Empty(x.Shape.ToArray());
        TensorPrimitives.Multiply(x.Span, s, y.Span);
        if (Tape.ShouldRecord(x))
        {
            Tape.Record(y, "scale", (g, sink) =>
            {
                if (sink.TryGet(x, out var dx, out bool acc))
                {
                    if (acc) { TensorPrimitives.MultiplyAdd(g, s, dx, dx); } else { TensorPrimitives.Multiply(g, s, dx); }
                }
            }, x);
        }
        return y;
    }

    /// <summary>SiLU(x) = x * sigmoid(x).</summary>
    public static Tensor Silu(Tensor x)
    {
        var y = Tensor.Empty(x.Shape.ToArray());
        var xs = x.Storage.Array;
        var ys = y.Storage.Array;
        int xo = x.Offset, yo = y.Offset;
        TensorThreads.For(x.Count, ElementwiseChunk, (start, end) =>
        {
            var xi = xs.AsSpan(xo + start, end - start);
            var yi = ys.AsSpan(yo + start, end - start);
            TensorPrimitives.Sigmoid(xi, yi);
            TensorPrimitives.Multiply(xi, yi, yi);
        });
        if (Tape.ShouldRecord(x))
        {
            Tape.Record(y, "silu", (g, sink) =>
            {
                if (!sink.TryGet(x, out var dx, out bool acc))
                {
                    return;
                }
                var s = Scratch.Rent(x.Count);
                TensorPrimitives.Sigmoid(x.Span, s);
                ActivationKernels.SiluGrad(x.Span, s, g, dx, acc);
                Scratch.Return(s);
            }, x);
        }
        return y;
    }

    /// <summary>GELU with the tanh approximation: 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3))).</summary>
    public static Tensor Gelu(Tensor x)
    {
        var y = Tensor.Empty(x.Shape.ToArray());
        var xs = x.Storage.Array;
        var ys = y.Storage.Array;
        int xo = x.Offset, yo = y.Offset;
        TensorThreads.For(x.Count, ElementwiseChunk, (start, end) =>
        {
            var xi = xs.AsSpan(xo + start, end - start);
            var yi = ys.AsSpan(yo + start, end - start);
            ActivationKernels.GeluSigmoidArg(xi, yi);
            TensorPrimitives.Sigmoid(yi, yi); // 0.5(1 + tanh z) = sigmoid(2z)
            TensorPrimitives.Multiply(xi, yi, yi);
        });
        if (Tape.ShouldRecord(x))
        {
            Tape.Record(y, "gelu", (g, sink) =>
            {
                if (!sink.TryGet(x, out var dx, out bool acc))
                {
                    return;
                }
                var s = Scratch.Rent(x.Count);
                var sSpan = s.AsSpan(0, x.Count);
                ActivationKernels.GeluSigmoidArg(x.Span, sSpan);
                TensorPrimitives.Sigmoid(sSpan, sSpan);
                ActivationKernels.GeluGrad(x.Span, sSpan, g, dx, acc);
                Scratch.Return(s);
            }, x);
        }
        return y;
    }

}
