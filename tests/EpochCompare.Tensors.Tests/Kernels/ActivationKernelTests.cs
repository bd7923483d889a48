using System.Runtime.Intrinsics;
using EpochCompare.Tensors.Kernels;

namespace EpochCompare.Tensors.Tests.Kernels;

public class ActivationKernelTests
{
    private static readonly int[] OddLengths = [1, 7, 8, 37, 129, 257];

    /// <summary>Values over the range where the activations bend, plus large magnitudes where exp saturates.</summary>
    private static float[] Values(int n, int seed, float range = 12f)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = (float)((rng.NextDouble() * 2 - 1) * range);
        }
        return v;
    }

    [Fact]
    public void ExpMatchesMathExpToAFewUlpAndVectorLanesMatchTheScalarForm()
    {
        var x = Values(4096, 1, 87f).Concat([0f, -0f, 1f, -1f, 88f, -87f, 0.5f * MathF.Log(2f), 1e-8f]).ToArray();
        var lanes = new float[x.Length];
        for (int i = 0; i + 8 <= x.Length; i += 8)
        {
            SimdExp.Exp(Vector256.Create(x, i)).CopyTo(lanes.AsSpan(i));
        }
        for (int i = 0; i < x.Length / 8 * 8; i++)
        {
            float scalar = SimdExp.Exp(x[i]);
            Assert.Equal(BitConverter.SingleToInt32Bits(scalar), BitConverter.SingleToInt32Bits(lanes[i]));
            double exact = Math.Exp(x[i]);
            // 2 ulp of float is 2.4e-7 relative.
            Assert.True(Math.Abs(scalar - exact) <= 3e-7 * exact, $"exp({x[i]}) = {scalar}, exact {exact}");
        }
    }

    [Fact]
    public void ExpClampsInsteadOfOverflowingAndKeepsNaN()
    {
        Assert.True(float.IsFinite(SimdExp.Exp(1000f)));
        Assert.True(SimdExp.Exp(-1000f) is >= 0f and < 1e-37f);
        Assert.True(float.IsNaN(SimdExp.Exp(float.NaN)));
        // In a vector lane too: a NaN activation must not be laundered into a finite value by the clamp.
        var lanes = SimdExp.Exp(Vector256.Create(0f, float.NaN, 1f, float.NaN, -1f, 2f, float.NaN, 3f));
        Assert.True(float.IsNaN(lanes[1]) && float.IsNaN(lanes[3]) && float.IsNaN(lanes[6]));
        Assert.True(float.IsFinite(lanes[0]) && float.IsFinite(lanes[7]));
        Assert.Equal(1f, SimdExp.Sigmoid(100f));
        Assert.True(SimdExp.Sigmoid(-100f) < 1e-37f);
    }

    [Fact]
    public void ForwardMatchesDoubleReferenceOnOddLengths()
    {
        foreach (int n in OddLengths)
        {
            float[] x = Values(n, n);
            var silu = new float[n];
            var gelu = new float[n];
            ActivationKernels.SiluForward(x, silu);
            ActivationKernels.GeluForward(x, gelu);
            for (int i = 0; i < n; i++)
            {
                AssertClose(ActivationReference.Silu(x[i]), silu[i], $"silu({x[i]})");
                AssertClose(ActivationReference.Gelu(x[i]), gelu[i], $"gelu({x[i]})");
            }
        }
    }

    [Fact]
    public void BackwardMatchesDoubleReferenceAndAccumulates()
    {
        foreach (int n in OddLengths)
        {
            float[] x = Values(n, 100 + n);
            float[] g = Values(n, 200 + n, 2f);
            float[] start = Values(n, 300 + n, 1f);
            foreach (bool accumulate in new[] { false, true })
            {
                var dSilu = (float[])start.Clone();
                var dGelu = (float[])start.Clone();
                ActivationKernels.SiluBackward(x, g, dSilu, accumulate);
                ActivationKernels.GeluBackward(x, g, dGelu, accumulate);
                for (int i = 0; i < n; i++)
                {
                    double baseValue = accumulate ? start[i] : 0;
                    AssertClose(baseValue + g[i] * ActivationReference.SiluDerivative(x[i]), dSilu[i], $"silu'({x[i]})");
                    AssertClose(baseValue + g[i] * ActivationReference.GeluDerivative(x[i]), dGelu[i], $"gelu'({x[i]})");
                }
            }
        }
    }

    [Fact]
    public void AnElementGetsTheSameBitsInAVectorLaneAndInTheScalarTail()
    {
        float[] x = Values(67, 5);
        float[] g = Values(67, 6, 2f);
        var whole = new float[4][];
        var single = new float[4][];
        for (int k = 0; k < 4; k++)
        {
            whole[k] = new float[x.Length];
            single[k] = new float[x.Length];
        }
        ActivationKernels.SiluForward(x, whole[0]);
        ActivationKernels.GeluForward(x, whole[1]);
        ActivationKernels.SiluBackward(x, g, whole[2], false);
        ActivationKernels.GeluBackward(x, g, whole[3], false);
        for (int i = 0; i < x.Length; i++)
        {
            ActivationKernels.SiluForward(x.AsSpan(i, 1), single[0].AsSpan(i, 1));
            ActivationKernels.GeluForward(x.AsSpan(i, 1), single[1].AsSpan(i, 1));
            ActivationKernels.SiluBackward(x.AsSpan(i, 1), g.AsSpan(i, 1), single[2].AsSpan(i, 1), false);
            ActivationKernels.GeluBackward(x.AsSpan(i, 1), g.AsSpan(i, 1), single[3].AsSpan(i, 1), false);
        }
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(whole[k], single[k]);
        }
    }

    /// <summary>
    /// float32 evaluation of these formulas loses a few ulp in exp and a few more through x^3 and the
    /// sigmoid's slope (relative error up to ~|2u| ulp where the sigmoid is small): 1e-6 absolute plus 2e-6 relative.
    /// </summary>
    private static void AssertClose(double expected, float actual, string what)
    {
        double err = Math.Abs(expected - actual);
        Assert.True(err <= 1e-6 + 2e-6 * Math.Abs(expected), $"{what}: {actual}, reference {expected}, error {err}");
    }
}
