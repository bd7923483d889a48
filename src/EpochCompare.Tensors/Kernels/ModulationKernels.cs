using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static EpochCompare.Tensors.Kernels.RowKernels;

namespace EpochCompare.Tensors.Kernels;

/// <summary>
/// One token row of adaLN modulation, y = x (1 + scale) + shift, and of the gated residual, z = x + gate y,
/// forward and backward. The per-batch-entry vectors (shift, scale, gate) are broadcast over the rows by the ops.
/// </summary>
internal static class ModulationKernels
{
    /// <summary>y = x (1 + scale) + shift.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Modulate(ReadOnlySpan<float> x, ReadOnlySpan<float> shift, ReadOnlySpan<float> scale, Span<float> y)
    {
        int d = x.Length, i = 0;
        ref float xr = ref At(x);
        ref float shr = ref At(shift);
        ref float scr = ref At(scale);
        ref float yr = ref At(y);
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            for (; i <= d - 8; i += 8)
            {
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)i), one + Vector256.LoadUnsafe(ref scr, (nuint)i), Vector256.LoadUnsafe(ref shr, (nuint)i))
                    .StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < d; i++)
        {
            Unsafe.Add(ref yr, i) = MathF.FusedMultiplyAdd(Unsafe.Add(ref xr, i), 1f + Unsafe.Add(ref scr, i), Unsafe.Add(ref shr, i));
        }
    }

    /// <summary>dx (+)= g (1 + scale) (empty dx: skipped); dShift += g, dScale += g x (empty: skipped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ModulateBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> scale, ReadOnlySpan<float> g,
        Span<float> dx, bool accumulate, Span<float> dShift, Span<float> dScale)
    {
        int d = x.Length;
        ref float xr = ref At(x);
        ref float gr = ref At(g);
        if (!dShift.IsEmpty)
        {
            AddInto(ref At(dShift), ref gr, d);
        }
        if (!dScale.IsEmpty)
        {
            MultiplyAddInto(ref At(dScale), ref gr, ref xr, d);
        }
        if (dx.IsEmpty)
        {
            return;
        }
        ref float scr = ref At(scale);
        ref float dr = ref At(dx);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            for (; i <= d - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref gr, (nuint)i) * (one + Vector256.LoadUnsafe(ref scr, (nuint)i));
                if (accumulate)
                {
                    v += Vector256.LoadUnsafe(ref dr, (nuint)i);
                }
                v.StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < d; i++)
        {
            float v = Unsafe.Add(ref gr, i) * (1f + Unsafe.Add(ref scr, i));
            ref float dst = ref Unsafe.Add(ref dr, i);
            dst = accumulate ? v + dst : v;
        }
    }

    /// <summary>z = x + gate y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GatedResidual(ReadOnlySpan<float> x, ReadOnlySpan<float> gate, ReadOnlySpan<float> y, Span<float> z)
    {
        int d = x.Length, i = 0;
        ref float xr = ref At(x);
        ref float gr = ref At(gate);
        ref float yr = ref At(y);
        ref float zr = ref At(z);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= d - 8; i += 8)
            {
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref yr, (nuint)i), Vector256.LoadUnsafe(ref gr, (nuint)i), Vector256.LoadUnsafe(ref xr, (nuint)i))
                    .StoreUnsafe(ref zr, (nuint)i);
            }
        }
        for (; i < d; i++)
        {
            Unsafe.Add(ref zr, i) = MathF.FusedMultiplyAdd(Unsafe.Add(ref yr, i), Unsafe.Add(ref gr, i), Unsafe.Add(ref xr, i));
        }
    }

    /// <summary>dy (+)= g gate (empty dy: skipped); dGate += g y (empty: skipped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GatedResidualBackward(ReadOnlySpan<float> gate, ReadOnlySpan<float> y, ReadOnlySpan<float> g,
        Span<float> dy, bool accumulate, Span<float> dGate)
    {
        int d = g.Length;
        ref float gr = ref At(g);
        if (!dGate.IsEmpty)
        {
            MultiplyAddInto(ref At(dGate), ref gr, ref At(y), d);
        }
        if (dy.IsEmpty)
        {
            return;
        }
        ref float gater = ref At(gate);
        ref float dr = ref At(dy);
        if (accumulate)
        {
            MultiplyAddInto(ref dr, ref gr, ref gater, d);
            return;
        }
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= d - 8; i += 8)
            {
                (Vector256.LoadUnsafe(ref gr, (nuint)i) * Vector256.LoadUnsafe(ref gater, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < d; i++)
        {
            Unsafe.Add(ref dr, i) = Unsafe.Add(ref gr, i) * Unsafe.Add(ref gater, i);
        }
    }
}
