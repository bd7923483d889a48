using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EpochCompare.Tensors.Autograd;
using EpochCompare.Tensors.Memory;

namespace EpochCompare.Tensors;

public static partial class Ops
{
    private const float GeluC = 0.7978845608028654f; // sqrt(2/pi)
    private const float GeluA = 0.044715f;
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
                SiluGrad(x.Span, s, g, dx, acc);
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
            GeluSigmoidArg(xi, yi);
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
                GeluSigmoidArg(x.Span, sSpan);
                TensorPrimitives.Sigmoid(sSpan, sSpan);
                GeluGrad(x.Span, sSpan, g, dx, acc);
                Scratch.Return(s);
            }, x);
        }
        return y;
    }

    /// <summary>dst = 2 sqrt(2/pi) (x + 0.044715 x^3), the argument whose sigmoid is 0.5(1 + tanh u).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GeluSigmoidArg(ReadOnlySpan<float> x, Span<float> dst)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(dst);
        int n = x.Length, i = 0;
        var c2 = Vector512.Create(2f * GeluC);
        var a = Vector512.Create(GeluA);
        var one = Vector512<float>.One;
        for (; i <= n - 16; i += 16)
        {
            var v = Vector512.LoadUnsafe(ref xr, (nuint)i);
            var inner = Vector512.FusedMultiplyAdd(a * v, v, one); // 1 + a x^2
            (c2 * v * inner).StoreUnsafe(ref dr, (nuint)i);
        }
        for (; i < n; i++)
        {
            float v = x[i];
            dst[i] = 2f * GeluC * v * (1f + GeluA * v * v);
        }
    }

    /// <summary>dx (+)= g * (s + 2 x s (1 - s) sqrt(2/pi) (1 + 3a x^2)), with s = sigmoid(2u).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GeluGrad(ReadOnlySpan<float> x, ReadOnlySpan<float> s, ReadOnlySpan<float> g, Span<float> dx, bool accumulate)
    {
        int n = x.Length, i = 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float sr = ref MemoryMarshal.GetReference(s);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float dr = ref MemoryMarshal.GetReference(dx);
        var c2 = Vector512.Create(2f * GeluC);
        var a3 = Vector512.Create(3f * GeluA);
        var one = Vector512<float>.One;
        for (; i <= n - 16; i += 16)
        {
            var v = Vector512.LoadUnsafe(ref xr, (nuint)i);
            var sv = Vector512.LoadUnsafe(ref sr, (nuint)i);
            var gv = Vector512.LoadUnsafe(ref gr, (nuint)i);
            var poly = Vector512.FusedMultiplyAdd(a3 * v, v, one);
            var d = sv + c2 * v * sv * (one - sv) * poly;
            var r = gv * d;
            if (accumulate)
            {
                r += Vector512.LoadUnsafe(ref dr, (nuint)i);
            }
            r.StoreUnsafe(ref dr, (nuint)i);
        }
        for (; i < n; i++)
        {
            float v = x[i], sv = s[i];
            float d = sv + 2f * GeluC * v * sv * (1f - sv) * (1f + 3f * GeluA * v * v);
            dx[i] = accumulate ? dx[i] + g[i] * d : g[i] * d;
        }
    }

    /// <summary>dx (+)= g * s (1 + x (1 - s)), with s = sigmoid(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SiluGrad(ReadOnlySpan<float> x, ReadOnlySpan<float> s, ReadOnlySpan<float> g, Span<float> dx, bool accumulate)
    {
        int n = x.Length, i = 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float sr = ref MemoryMarshal.GetReference(s);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float dr = ref MemoryMarshal.GetReference(dx);
        var one = Vector512<float>.One;
        for (; i <= n - 16; i += 16)
        {
            var v = Vector512.LoadUnsafe(ref xr, (nuint)i);
            var sv = Vector512.LoadUnsafe(ref sr, (nuint)i);
            var r = Vector512.LoadUnsafe(ref gr, (nuint)i) * sv * Vector512.FusedMultiplyAdd(v, one - sv, one);
            if (accumulate)
            {
                r += Vector512.LoadUnsafe(ref dr, (nuint)i);
            }
            r.StoreUnsafe(ref dr, (nuint)i);
        }
        for (; i < n; i++)
        {
            float d = g[i] * s[i] * (1f + x[i] * (1f - s[i]));
            dx[i] = accumulate ? dx[i] + d : d;
        }
    }
}
