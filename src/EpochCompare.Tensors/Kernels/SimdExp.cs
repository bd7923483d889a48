using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EpochCompare.Tensors.Kernels;

/// <summary>
/// exp and sigmoid in float32 for the activation and softmax kernels (TensorPrimitives.Exp widens to double,
/// about 3x slower here). Cephes-style: x = n ln2 + r, |r| &lt;= ln2/2, a degree-7 polynomial for e^r, and
/// 2^n built in the exponent bits. About 2 ulp. The scalar form does the same operations in the same order
/// (fused where the vector form is fused), so a value gets the same bits in a vector lane or in a tail.
/// Inputs are clamped to [-87, 88] so 2^n stays a normal float; NaN passes through.
/// </summary>
internal static class SimdExp
{
    private const float Low = -87f;
    private const float High = 88f;
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;

    /// <summary>1.5 * 2^23: adding it rounds to the nearest integer (ties to even) in the low mantissa bits.</summary>
    private const float Shifter = 12582912f;

    private const float P0 = 1.9875691500e-4f;
    private const float P1 = 1.3981999507e-3f;
    private const float P2 = 8.3334519073e-3f;
    private const float P3 = 4.1665795894e-2f;
    private const float P4 = 1.6666665459e-1f;
    private const float P5 = 5.0000001201e-1f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        // maxps/minps return the second operand when either is NaN: NaN survives the clamp.
        x = Vector256.MinNative(Vector256.Create(High), Vector256.MaxNative(Vector256.Create(Low), x));
        Vector256<float> t = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(Shifter));
        Vector256<float> n = t - Vector256.Create(Shifter);
        Vector256<float> r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        Vector256<float> p = Vector256.FusedMultiplyAdd(Vector256.Create(P0), r, Vector256.Create(P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P5));
        p = Vector256.FusedMultiplyAdd(p, r * r, r + Vector256<float>.One);
        // The low bits of t hold n + bits(Shifter); bits(Shifter) << 23 wraps to 0, so this is (n + 127) << 23.
        Vector256<int> pow2 = Vector256.ShiftLeft(t.AsInt32() + Vector256.Create(127), 23);
        return p * pow2.AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x)
    {
        x = Low > x ? Low : x;
        x = High < x ? High : x;
        float t = MathF.FusedMultiplyAdd(x, Log2E, Shifter);
        float n = t - Shifter;
        float r = MathF.FusedMultiplyAdd(n, -Ln2Hi, x);
        r = MathF.FusedMultiplyAdd(n, -Ln2Lo, r);
        float p = MathF.FusedMultiplyAdd(P0, r, P1);
        p = MathF.FusedMultiplyAdd(p, r, P2);
        p = MathF.FusedMultiplyAdd(p, r, P3);
        p = MathF.FusedMultiplyAdd(p, r, P4);
        p = MathF.FusedMultiplyAdd(p, r, P5);
        p = MathF.FusedMultiplyAdd(p, r * r, r + 1f);
        int pow2 = (BitConverter.SingleToInt32Bits(t) + 127) << 23;
        return p * BitConverter.Int32BitsToSingle(pow2);
    }

    /// <summary>1 / (1 + e^-x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + Exp(-x));
}
