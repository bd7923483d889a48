using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EpochCompare.Tensors;

/// <summary>
/// Single-pass elementwise loops for the activation backward rules, on Vector512 where the CPU accelerates it,
/// else Vector256, with a scalar tail. Every path evaluates the same expression per element.
/// </summary>
internal static class ActivationKernels
{
    public const float GeluC = 0.7978845608028654f; // sqrt(2/pi)
    public const float GeluA = 0.044715f;

    /// <summary>dst = 2 sqrt(2/pi) (x + 0.044715 x^3), the argument whose sigmoid is 0.5(1 + tanh u).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GeluSigmoidArg(ReadOnlySpan<float> x, Span<float> dst)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(dst);
        int n = x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var c2 = Vector512.Create(2f * GeluC); var a = Vector512.Create(GeluA); var one = Vector512<float>.One;
            for (; i <= n - 16; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref xr, (nuint)i);
                (c2 * v * (a * v * v + one)).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var c2 = Vector256.Create(2f * GeluC); var a = Vector256.Create(GeluA); var one = Vector256<float>.One;
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                (c2 * v * (a * v * v + one)).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float v = x[i];
            dst[i] = 2f * GeluC * v * (GeluA * v * v + 1f);
        }
    }

    /// <summary>dx (+)= g * (s + 2 x s (1 - s) sqrt(2/pi) (1 + 3a x^2)), with s = sigmoid(2u) = 0.5(1 + tanh u).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GeluGrad(ReadOnlySpan<float> x, ReadOnlySpan<float> s, ReadOnlySpan<float> g, Span<float> dx, bool accumulate)
    {
        int n = x.Length, i = 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float sr = ref MemoryMarshal.GetReference(s);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float dr = ref MemoryMarshal.GetReference(dx);
        if (Vector512.IsHardwareAccelerated)
        {
            var c2 = Vector512.Create(2f * GeluC); var a3 = Vector512.Create(3f * GeluA); var one = Vector512<float>.One;
            for (; i <= n - 16; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref xr, (nuint)i);
                var sv = Vector512.LoadUnsafe(ref sr, (nuint)i);
                var r = Vector512.LoadUnsafe(ref gr, (nuint)i) * (sv + c2 * v * sv * (one - sv) * (a3 * v * v + one));
                if (accumulate) { r += Vector512.LoadUnsafe(ref dr, (nuint)i); }
                r.StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var c2 = Vector256.Create(2f * GeluC); var a3 = Vector256.Create(3f * GeluA); var one = Vector256<float>.One;
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                var sv = Vector256.LoadUnsafe(ref sr, (nuint)i);
                var r = Vector256.LoadUnsafe(ref gr, (nuint)i) * (sv + c2 * v * sv * (one - sv) * (a3 * v * v + one));
                if (accumulate) { r += Vector256.LoadUnsafe(ref dr, (nuint)i); }
                r.StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float v = x[i], sv = s[i];
            float r = g[i] * (sv + 2f * GeluC * v * sv * (1f - sv) * (3f * GeluA * v * v + 1f));
            dx[i] = accumulate ? dx[i] + r : r;
        }
    }

    /// <summary>dx (+)= g * s (1 + x (1 - s)), with s = sigmoid(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SiluGrad(ReadOnlySpan<float> x, ReadOnlySpan<float> s, ReadOnlySpan<float> g, Span<float> dx, bool accumulate)
    {
        int n = x.Length, i = 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float sr = ref MemoryMarshal.GetReference(s);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float dr = ref MemoryMarshal.GetReference(dx);
        if (Vector512.IsHardwareAccelerated)
        {
            var one = Vector512<float>.One;
            for (; i <= n - 16; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref xr, (nuint)i);
                var sv = Vector512.LoadUnsafe(ref sr, (nuint)i);
                var r = Vector512.LoadUnsafe(ref gr, (nuint)i) * sv * (v * (one - sv) + one);
                if (accumulate) { r += Vector512.LoadUnsafe(ref dr, (nuint)i); }
                r.StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                var sv = Vector256.LoadUnsafe(ref sr, (nuint)i);
                var r = Vector256.LoadUnsafe(ref gr, (nuint)i) * sv * (v * (one - sv) + one);
                if (accumulate) { r += Vector256.LoadUnsafe(ref dr, (nuint)i); }
                r.StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float r = g[i] * s[i] * (x[i] * (1f - s[i]) + 1f);
            dx[i] = accumulate ? dx[i] + r : r;
        }
    }
}
