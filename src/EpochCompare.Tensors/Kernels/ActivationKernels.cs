using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EpochCompare.Tensors.Kernels;

/// <summary>
/// Single-pass SiLU and GELU(tanh) loops, forward and backward, on Vector256 with a scalar tail that does the
/// same operations (see <see cref="SimdExp"/>), so every element gets the same bits wherever it falls.
/// Backward recomputes the sigmoid from x instead of keeping it: cheaper than a saved tensor's memory traffic.
/// Checked against <see cref="ActivationReference"/>.
/// </summary>
internal static class ActivationKernels
{
    public const float GeluC = 0.7978845608028654f; // sqrt(2/pi)
    public const float GeluA = 0.044715f;

    private const float GeluC2 = 2f * GeluC;
    private const float GeluA3 = 3f * GeluA;

    /// <summary>y = x sigmoid(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SiluForward(ReadOnlySpan<float> x, Span<float> y)
    {
        Check(x.Length, y.Length);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                (v * SimdExp.Sigmoid(v)).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref xr, i);
            Unsafe.Add(ref yr, i) = v * SimdExp.Sigmoid(v);
        }
    }

    /// <summary>dx (+)= g s (1 + x (1 - s)), s = sigmoid(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SiluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> dx, bool accumulate)
    {
        Check(x.Length, g.Length);
        Check(x.Length, dx.Length);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float dr = ref MemoryMarshal.GetReference(dx);
        int n = x.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                var s = SimdExp.Sigmoid(v);
                var r = Vector256.LoadUnsafe(ref gr, (nuint)i) * s * Vector256.FusedMultiplyAdd(v, one - s, one);
                if (accumulate)
                {
                    r += Vector256.LoadUnsafe(ref dr, (nuint)i);
                }
                r.StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref xr, i);
            float s = SimdExp.Sigmoid(v);
            float r = Unsafe.Add(ref gr, i) * s * MathF.FusedMultiplyAdd(v, 1f - s, 1f);
            ref float d = ref Unsafe.Add(ref dr, i);
            d = accumulate ? r + d : r;
        }
    }

    /// <summary>y = x sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3): 0.5 (1 + tanh u) = sigmoid(2u).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GeluForward(ReadOnlySpan<float> x, Span<float> y)
    {
        Check(x.Length, y.Length);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var c2 = Vector256.Create(GeluC2);
            var a = Vector256.Create(GeluA);
            var one = Vector256<float>.One;
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                var z = c2 * v * Vector256.FusedMultiplyAdd(a, v * v, one);
                (v * SimdExp.Sigmoid(z)).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref xr, i);
            float z = GeluC2 * v * MathF.FusedMultiplyAdd(GeluA, v * v, 1f);
            Unsafe.Add(ref yr, i) = v * SimdExp.Sigmoid(z);
        }
    }

    /// <summary>dx (+)= g (s + 2 sqrt(2/pi) x s (1 - s) (1 + 3 a x^2)), s = sigmoid(2u).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GeluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> dx, bool accumulate)
    {
        Check(x.Length, g.Length);
        Check(x.Length, dx.Length);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float dr = ref MemoryMarshal.GetReference(dx);
        int n = x.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var c2 = Vector256.Create(GeluC2);
            var a = Vector256.Create(GeluA);
            var a3 = Vector256.Create(GeluA3);
            var one = Vector256<float>.One;
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                var v2 = v * v;
                var s = SimdExp.Sigmoid(c2 * v * Vector256.FusedMultiplyAdd(a, v2, one));
                var slope = Vector256.FusedMultiplyAdd(c2 * v * s * (one - s), Vector256.FusedMultiplyAdd(a3, v2, one), s);
                var r = Vector256.LoadUnsafe(ref gr, (nuint)i) * slope;
                if (accumulate)
                {
                    r += Vector256.LoadUnsafe(ref dr, (nuint)i);
                }
                r.StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref xr, i);
            float v2 = v * v;
            float s = SimdExp.Sigmoid(GeluC2 * v * MathF.FusedMultiplyAdd(GeluA, v2, 1f));
            float slope = MathF.FusedMultiplyAdd(GeluC2 * v * s * (1f - s), MathF.FusedMultiplyAdd(GeluA3, v2, 1f), s);
            float r = Unsafe.Add(ref gr, i) * slope;
            ref float d = ref Unsafe.Add(ref dr, i);
            d = accumulate ? r + d : r;
        }
    }

    private static void Check(int expected, int actual)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"activation kernel: span lengths {expected} and {actual} differ.");
        }
    }
}
