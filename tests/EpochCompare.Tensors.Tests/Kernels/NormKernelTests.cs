using EpochCompare.Tensors.Kernels;

namespace EpochCompare.Tensors.Tests.Kernels;

public class NormKernelTests
{
    private static readonly int[] RowLengths = [1, 7, 8, 37, 64, 128, 129];

    private static float[] Values(int n, int seed, float range = 3f, float offset = 0f)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * range + offset)).ToArray();
    }

    [Fact]
    public void LayerNormRowsMatchReferenceWithAndWithoutModulation()
    {
        foreach (int d in RowLengths)
        {
            // An offset mean checks the centring (a one-pass variance would lose digits here).
            float[] x = Values(d, d, 2f, 5f);
            float[] shift = Values(d, d + 1);
            float[] scale = Values(d, d + 2, 0.5f);
            var y = new float[d];
            NormKernels.LayerNormForward(x, y, default, default, Ops.NormEpsilon);
            AssertClose(NormReference.LayerNorm(x, null, null, Ops.NormEpsilon), y, 2e-5, $"layer_norm d={d}");
            NormKernels.LayerNormForward(x, y, shift, scale, Ops.NormEpsilon);
            AssertClose(NormReference.LayerNorm(x, shift, scale, Ops.NormEpsilon), y, 2e-5, $"layer_norm_modulate d={d}");
        }
    }

    [Fact]
    public void LayerNormBackwardRowsMatchReference()
    {
        foreach (int d in RowLengths.Where(d => d > 1))
        {
            float[] x = Values(d, 10 + d, 2f, 1f);
            float[] g = Values(d, 20 + d);
            float[] scale = Values(d, 30 + d, 0.5f);
            var y = new float[d];
            foreach (float[]? sc in new[] { null, scale })
            {
                var (mean, rstd) = NormKernels.LayerNormForward(x, y, sc is null ? default : new float[d], sc, Ops.NormEpsilon);
                var dx = Enumerable.Repeat(1f, d).ToArray();
                var dShift = new float[d];
                var dScale = new float[d];
                NormKernels.LayerNormBackward(x, mean, rstd, g, sc, dx, accumulate: true, sc is null ? default : dShift, sc is null ? default : dScale);
                var (rdx, rShift, rScale) = NormReference.LayerNormBackward(x, g, sc, Ops.NormEpsilon);
                AssertClose(rdx.Select(v => v + 1).ToArray(), dx, 1e-4, $"layer_norm dx d={d}");
                if (sc is not null)
                {
                    AssertClose(rShift, dShift, 1e-5, $"dshift d={d}");
                    AssertClose(rScale, dScale, 1e-5, $"dscale d={d}");
                }
            }
        }
    }

    [Fact]
    public void RmsNormRowsMatchReference()
    {
        foreach (int d in RowLengths)
        {
            float[] x = Values(d, 40 + d);
            float[] w = Values(d, 50 + d, 1f, 1f);
            float[] g = Values(d, 60 + d);
            var y = new float[d];
            float rs = NormKernels.RmsNormForward(x, w, y, Ops.NormEpsilon);
            AssertClose(NormReference.RmsNorm(x, w, Ops.NormEpsilon), y, 2e-5, $"rms_norm d={d}");
            var dx = new float[d];
            var dw = new float[d];
            NormKernels.RmsNormBackward(x, w, rs, g, dx, accumulate: false, dw);
            var (rdx, rdw) = NormReference.RmsNormBackward(x, w, g, Ops.NormEpsilon);
            AssertClose(rdx, dx, 1e-4, $"rms_norm dx d={d}");
            AssertClose(rdw, dw, 1e-5, $"rms_norm dw d={d}");
        }
    }

    [Fact]
    public void SoftmaxRowsMatchReferenceIncludingLargeLogits()
    {
        foreach (int d in RowLengths)
        {
            float[] x = Values(d, 70 + d, 30f, 1000f);
            float[] g = Values(d, 80 + d);
            var y = new float[d];
            NormKernels.SoftmaxForward(x, y);
            AssertClose(NormReference.Softmax(x), y, 1e-6, $"softmax d={d}");
            var dx = new float[d];
            NormKernels.SoftmaxBackward(y, g, dx, accumulate: false);
            AssertClose(NormReference.SoftmaxBackward(x, g), dx, 1e-5, $"softmax dx d={d}");
        }
    }

    /// <summary>Absolute tolerance scaled by the row's magnitude (float32 row sums carry ~1e-7 d relative error).</summary>
    private static void AssertClose(double[] expected, float[] actual, double tolerance, string what)
    {
        double scale = Math.Max(1, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs(expected[i] - actual[i]);
            Assert.True(err <= tolerance * scale, $"{what} [{i}]: {actual[i]}, reference {expected[i]}, error {err}");
        }
    }
}
