using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EpochCompare.Tensors.Kernels;

/// <summary>
/// Small vector loops over one row that the norm and softmax kernels are built from: Vector256 with a scalar
/// tail, one fixed summation order per row length (so a row's result never depends on which thread ran it).
/// </summary>
internal static class RowKernels
{
    /// <summary>Sum of x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(ref float x, int n)
    {
        int i = 0;
        float total = 0f;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; i <= n - 8; i += 8)
            {
                acc += Vector256.LoadUnsafe(ref x, (nuint)i);
            }
            total = Vector256.Sum(acc);
        }
        for (; i < n; i++)
        {
            total += Unsafe.Add(ref x, i);
        }
        return total;
    }

    /// <summary>Sum of (x - c)^2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SumSquaresCentered(ref float x, int n, float c)
    {
        int i = 0;
        float total = 0f;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var acc = Vector256<float>.Zero;
            var vc = Vector256.Create(c);
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref x, (nuint)i) - vc;
                acc = Vector256.FusedMultiplyAdd(v, v, acc);
            }
            total = Vector256.Sum(acc);
        }
        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref x, i) - c;
            total = MathF.FusedMultiplyAdd(v, v, total);
        }
        return total;
    }

    /// <summary>Sum of a * b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ref float a, ref float b, int n)
    {
        int i = 0;
        float total = 0f;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; i <= n - 8; i += 8)
            {
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), acc);
            }
            total = Vector256.Sum(acc);
        }
        for (; i < n; i++)
        {
            total = MathF.FusedMultiplyAdd(Unsafe.Add(ref a, i), Unsafe.Add(ref b, i), total);
        }
        return total;
    }

    /// <summary>Largest element (n &gt;= 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(ref float x, int n)
    {
        int i = 0;
        float best = x;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var acc = Vector256.LoadUnsafe(ref x);
            for (i = 8; i <= n - 8; i += 8)
            {
                acc = Vector256.Max(acc, Vector256.LoadUnsafe(ref x, (nuint)i));
            }
            for (int lane = 0; lane < 8; lane++)
            {
                best = MathF.Max(best, acc.GetElement(lane));
            }
        }
        for (; i < n; i++)
        {
            best = MathF.Max(best, Unsafe.Add(ref x, i));
        }
        return best;
    }

    /// <summary>x = exp(x - shift) in place (<see cref="SimdExp"/>); returns the sum of the results.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ExpShiftedInPlace(ref float x, int n, float shift)
    {
        int i = 0;
        float total = 0f;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var vs = Vector256.Create(shift);
            var acc = Vector256<float>.Zero;
            for (; i <= n - 8; i += 8)
            {
                var e = SimdExp.Exp(Vector256.LoadUnsafe(ref x, (nuint)i) - vs);
                acc += e;
                e.StoreUnsafe(ref x, (nuint)i);
            }
            total = Vector256.Sum(acc);
        }
        for (; i < n; i++)
        {
            float e = SimdExp.Exp(Unsafe.Add(ref x, i) - shift);
            total += e;
            Unsafe.Add(ref x, i) = e;
        }
        return total;
    }

    /// <summary>dst += src.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddInto(ref float dst, ref float src, int n)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                (Vector256.LoadUnsafe(ref dst, (nuint)i) + Vector256.LoadUnsafe(ref src, (nuint)i)).StoreUnsafe(ref dst, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref dst, i) += Unsafe.Add(ref src, i);
        }
    }

    /// <summary>dst += a * b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAddInto(ref float dst, ref float a, ref float b, int n)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), Vector256.LoadUnsafe(ref dst, (nuint)i))
                    .StoreUnsafe(ref dst, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref dst, i) = MathF.FusedMultiplyAdd(Unsafe.Add(ref a, i), Unsafe.Add(ref b, i), Unsafe.Add(ref dst, i));
        }
    }

    /// <summary>A span's first element by reference (no bounds check in the loops that follow).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref float At(Span<float> span) => ref MemoryMarshal.GetReference(span);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref float At(ReadOnlySpan<float> span) => ref MemoryMarshal.GetReference(span);
}
