using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static EpochCompare.Tensors.Kernels.RowKernels;

namespace EpochCompare.Tensors.Kernels;

/// <summary>
/// One row of LayerNorm (optionally fused with adaLN modulation), RMSNorm and softmax, forward and backward.
/// The ops split rows across threads; each row is computed whole by one thread in a fixed order.
/// Checked against <see cref="NormReference"/>.
/// </summary>
internal static class NormKernels
{
    /// <summary>
    /// y = (x - mean) * rstd, or with modulation y = xhat * (1 + scale) + shift (empty scale/shift: none).
    /// Returns mean and rstd for the backward pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (float Mean, float Rstd) LayerNormForward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> shift, ReadOnlySpan<float> scale, float eps)
    {
        int d = x.Length;
        ref float xr = ref At(x);
        ref float yr = ref At(y);
        float mean = Sum(ref xr, d) / d;
        float rstd = 1f / MathF.Sqrt(SumSquaresCentered(ref xr, d, mean) / d + eps);
        bool modulate = !scale.IsEmpty;
        ref float shr = ref At(shift);
        ref float scr = ref At(scale);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vm = Vector256.Create(mean);
            var vr = Vector256.Create(rstd);
            var one = Vector256<float>.One;
            for (; i <= d - 8; i += 8)
            {
                var h = (Vector256.LoadUnsafe(ref xr, (nuint)i) - vm) * vr;
                if (modulate)
                {
                    h = Vector256.FusedMultiplyAdd(h, one + Vector256.LoadUnsafe(ref scr, (nuint)i), Vector256.LoadUnsafe(ref shr, (nuint)i));
                }
                h.StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < d; i++)
        {
            float h = (Unsafe.Add(ref xr, i) - mean) * rstd;
            if (modulate)
            {
                h = MathF.FusedMultiplyAdd(h, 1f + Unsafe.Add(ref scr, i), Unsafe.Add(ref shr, i));
            }
            Unsafe.Add(ref yr, i) = h;
        }
        return (mean, rstd);
    }

    /// <summary>
    /// LayerNorm backward for one row. With modulation (non-empty scale) the gradient reaching the normalised
    /// value is g (1 + scale), and dShift += g, dScale += g xhat (either may be empty: not wanted).
    /// dx (+)= rstd (gn - mean(gn) - xhat mean(gn xhat)); an empty dx skips it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LayerNormBackward(ReadOnlySpan<float> x, float mean, float rstd, ReadOnlySpan<float> g, ReadOnlySpan<float> scale,
        Span<float> dx, bool accumulate, Span<float> dShift, Span<float> dScale)
    {
        int d = x.Length;
        ref float xr = ref At(x);
        ref float gr = ref At(g);
        ref float scr = ref At(scale);
        ref float dxr = ref At(dx);
        ref float dshr = ref At(dShift);
        ref float dscr = ref At(dScale);
        bool modulate = !scale.IsEmpty, wantShift = !dShift.IsEmpty, wantScale = !dScale.IsEmpty, wantX = !dx.IsEmpty;
        float sumG = 0f, sumGx = 0f;
        int i = 0;
        // Pass 1: the two row sums, and the modulation gradients.
        if (Vector256.IsHardwareAccelerated)
        {
            var vm = Vector256.Create(mean);
            var vr = Vector256.Create(rstd);
            var one = Vector256<float>.One;
            var accG = Vector256<float>.Zero;
            var accGx = Vector256<float>.Zero;
            for (; i <= d - 8; i += 8)
            {
                var h = (Vector256.LoadUnsafe(ref xr, (nuint)i) - vm) * vr;
                var gv = Vector256.LoadUnsafe(ref gr, (nuint)i);
                if (wantShift)
                {
                    (Vector256.LoadUnsafe(ref dshr, (nuint)i) + gv).StoreUnsafe(ref dshr, (nuint)i);
                }
                if (wantScale)
                {
                    Vector256.FusedMultiplyAdd(gv, h, Vector256.LoadUnsafe(ref dscr, (nuint)i)).StoreUnsafe(ref dscr, (nuint)i);
                }
                var gn = modulate ? gv * (one + Vector256.LoadUnsafe(ref scr, (nuint)i)) : gv;
                accG += gn;
                accGx = Vector256.FusedMultiplyAdd(gn, h, accGx);
            }
            sumG = Vector256.Sum(accG);
            sumGx = Vector256.Sum(accGx);
        }
        for (; i < d; i++)
        {
            float h = (Unsafe.Add(ref xr, i) - mean) * rstd;
            float gv = Unsafe.Add(ref gr, i);
            if (wantShift)
            {
                Unsafe.Add(ref dshr, i) += gv;
            }
            if (wantScale)
            {
                Unsafe.Add(ref dscr, i) = MathF.FusedMultiplyAdd(gv, h, Unsafe.Add(ref dscr, i));
            }
            float gn = modulate ? gv * (1f + Unsafe.Add(ref scr, i)) : gv;
            sumG += gn;
            sumGx = MathF.FusedMultiplyAdd(gn, h, sumGx);
        }
        if (!wantX)
        {
            return;
        }

        // Pass 2: dx = rstd * (gn - mg - xhat * mgx).
        float mg = sumG / d, mgx = sumGx / d;
        i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vm = Vector256.Create(mean);
            var vr = Vector256.Create(rstd);
            var vmg = Vector256.Create(mg);
            var vmgx = Vector256.Create(mgx);
            var one = Vector256<float>.One;
            for (; i <= d - 8; i += 8)
            {
                var h = (Vector256.LoadUnsafe(ref xr, (nuint)i) - vm) * vr;
                var gv = Vector256.LoadUnsafe(ref gr, (nuint)i);
                var gn = modulate ? gv * (one + Vector256.LoadUnsafe(ref scr, (nuint)i)) : gv;
                var v = vr * (gn - vmg - h * vmgx);
                if (accumulate)
                {
                    v += Vector256.LoadUnsafe(ref dxr, (nuint)i);
                }
                v.StoreUnsafe(ref dxr, (nuint)i);
            }
        }
        for (; i < d; i++)
        {
            float h = (Unsafe.Add(ref xr, i) - mean) * rstd;
            float gv = Unsafe.Add(ref gr, i);
            float gn = modulate ? gv * (1f + Unsafe.Add(ref scr, i)) : gv;
            float v = rstd * (gn - mg - h * mgx);
            ref float dst = ref Unsafe.Add(ref dxr, i);
            dst = accumulate ? v + dst : v;
        }
    }

    /// <summary>y = x * rrms * w, rrms = 1 / sqrt(mean(x^2) + eps); returns rrms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float RmsNormForward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y, float eps)
    {
        int d = x.Length;
        ref float xr = ref At(x);
        ref float wr = ref At(w);
        ref float yr = ref At(y);
        float rs = 1f / MathF.Sqrt(SumSquaresCentered(ref xr, d, 0f) / d + eps);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vr = Vector256.Create(rs);
            for (; i <= d - 8; i += 8)
            {
                (Vector256.LoadUnsafe(ref xr, (nuint)i) * vr * Vector256.LoadUnsafe(ref wr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < d; i++)
        {
            Unsafe.Add(ref yr, i) = Unsafe.Add(ref xr, i) * rs * Unsafe.Add(ref wr, i);
        }
        return rs;
    }

    /// <summary>
    /// RMSNorm backward for one row: dW += g x rrms (empty dW: skipped);
    /// dx (+)= rrms g w - rrms^3 mean(g w x) x (empty dx: skipped).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RmsNormBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, float rs, ReadOnlySpan<float> g,
        Span<float> dx, bool accumulate, Span<float> dW)
    {
        int d = x.Length;
        ref float xr = ref At(x);
        ref float wr = ref At(w);
        ref float gr = ref At(g);
        ref float dxr = ref At(dx);
        ref float dwr = ref At(dW);
        bool wantW = !dW.IsEmpty, wantX = !dx.IsEmpty;
        float sumGwx = 0f;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vr = Vector256.Create(rs);
            var acc = Vector256<float>.Zero;
            for (; i <= d - 8; i += 8)
            {
                var xv = Vector256.LoadUnsafe(ref xr, (nuint)i);
                var gv = Vector256.LoadUnsafe(ref gr, (nuint)i);
                if (wantW)
                {
                    Vector256.FusedMultiplyAdd(gv * xv, vr, Vector256.LoadUnsafe(ref dwr, (nuint)i)).StoreUnsafe(ref dwr, (nuint)i);
                }
                acc = Vector256.FusedMultiplyAdd(gv * Vector256.LoadUnsafe(ref wr, (nuint)i), xv, acc);
            }
            sumGwx = Vector256.Sum(acc);
        }
        for (; i < d; i++)
        {
            float xv = Unsafe.Add(ref xr, i);
            float gv = Unsafe.Add(ref gr, i);
            if (wantW)
            {
                Unsafe.Add(ref dwr, i) = MathF.FusedMultiplyAdd(gv * xv, rs, Unsafe.Add(ref dwr, i));
            }
            sumGwx = MathF.FusedMultiplyAdd(gv * Unsafe.Add(ref wr, i), xv, sumGwx);
        }
        if (!wantX)
        {
            return;
        }
        float c = rs * rs * rs * (sumGwx / d);
        i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vr = Vector256.Create(rs);
            var vc = Vector256.Create(c);
            for (; i <= d - 8; i += 8)
            {
                var gw = Vector256.LoadUnsafe(ref gr, (nuint)i) * Vector256.LoadUnsafe(ref wr, (nuint)i);
                var v = vr * gw - vc * Vector256.LoadUnsafe(ref xr, (nuint)i);
                if (accumulate)
                {
                    v += Vector256.LoadUnsafe(ref dxr, (nuint)i);
                }
                v.StoreUnsafe(ref dxr, (nuint)i);
            }
        }
        for (; i < d; i++)
        {
            float gw = Unsafe.Add(ref gr, i) * Unsafe.Add(ref wr, i);
            float v = rs * gw - c * Unsafe.Add(ref xr, i);
            ref float dst = ref Unsafe.Add(ref dxr, i);
            dst = accumulate ? v + dst : v;
        }
    }

    /// <summary>y = exp(x - max) / sum, over one row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxForward(ReadOnlySpan<float> x, Span<float> y)
    {
        int d = x.Length;
        ref float xr = ref At(x);
        ref float yr = ref At(y);
        float max = Max(ref xr, d);
        float sum = 0f;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && d >= 8)
        {
            var vmax = Vector256.Create(max);
            var acc = Vector256<float>.Zero;
            for (; i <= d - 8; i += 8)
            {
                var e = SimdExp.Exp(Vector256.LoadUnsafe(ref xr, (nuint)i) - vmax);
                acc += e;
                e.StoreUnsafe(ref yr, (nuint)i);
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < d; i++)
        {
            float e = SimdExp.Exp(Unsafe.Add(ref xr, i) - max);
            sum += e;
            Unsafe.Add(ref yr, i) = e;
        }
        float inv = 1f / sum;
        i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vinv = Vector256.Create(inv);
            for (; i <= d - 8; i += 8)
            {
                (Vector256.LoadUnsafe(ref yr, (nuint)i) * vinv).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < d; i++)
        {
            Unsafe.Add(ref yr, i) *= inv;
        }
    }

    /// <summary>dx (+)= y (g - sum(g y)), over one row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx, bool accumulate)
    {
        int d = y.Length;
        ref float yr = ref At(y);
        ref float gr = ref At(g);
        ref float dxr = ref At(dx);
        float dot = Dot(ref gr, ref yr, d);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vdot = Vector256.Create(dot);
            for (; i <= d - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref yr, (nuint)i) * (Vector256.LoadUnsafe(ref gr, (nuint)i) - vdot);
                if (accumulate)
                {
                    v += Vector256.LoadUnsafe(ref dxr, (nuint)i);
                }
                v.StoreUnsafe(ref dxr, (nuint)i);
            }
        }
        for (; i < d; i++)
        {
            float v = Unsafe.Add(ref yr, i) * (Unsafe.Add(ref gr, i) - dot);
            ref float dst = ref Unsafe.Add(ref dxr, i);
            dst = accumulate ? v + dst : v;
        }
    }
}
