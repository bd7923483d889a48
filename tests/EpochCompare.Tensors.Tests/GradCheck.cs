namespace EpochCompare.Tensors.Tests;

/// <summary>
/// Finite-difference gradient check: the analytic gradient of L = sum(f(inputs) * W) (W random, fixed)
/// against central differences of L evaluated in double from float32 forward passes.
/// </summary>
internal static class GradCheck
{
    public static Tensor Random(Random rng, params int[] shape)
    {
        var t = Tensor.Zeros(shape);
        var s = t.Span;
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = (float)(rng.NextDouble() * 2 - 1);
        }
        return t;
    }

    public static Tensor Leaf(Random rng, params int[] shape)
    {
        var t = Random(rng, shape);
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>Asserts analytic == numeric for every input that requires grad (up to <paramref name="maxProbes"/> elements each).</summary>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, int seed = 7, float eps = 1e-2f,
        double atol = 2e-3, double rtol = 2e-2, int maxProbes = 48)
    {
        var rng = new Random(seed);
        Tensor probe;
        using (new NoGrad())
        {
            probe = f(inputs);
        }
        var w = Random(rng, probe.Shape.ToArray());
        foreach (var t in inputs)
        {
            t.ZeroGrad();
        }
        var loss = Ops.Sum(Ops.Mul(f(inputs), w));
        loss.Backward();

        foreach (var t in inputs.Where(t => t.RequiresGrad))
        {
            Assert.NotNull(t.Grad);
            var analytic = t.Grad!.ToArray();
            var data = t.Span;
            int probes = Math.Min(maxProbes, t.Count);
            for (int p = 0; p < probes; p++)
            {
                int i = probes == t.Count ? p : rng.Next(t.Count);
                float saved = data[i];
                data[i] = saved + eps;
                double plus = Loss(f, inputs, w);
                data[i] = saved - eps;
                double minus = Loss(f, inputs, w);
                data[i] = saved;
                double numeric = (plus - minus) / (2 * eps);
                double err = Math.Abs(numeric - analytic[i]);
                Assert.True(err <= atol + rtol * Math.Abs(numeric),
                    $"grad mismatch at input {t.ShapeText} element {i}: analytic {analytic[i]}, numeric {numeric}");
            }
        }
    }

    private static double Loss(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor w)
    {
        using var _ = new NoGrad();
        var y = f(inputs).Span;
        var ws = w.Span;
        double total = 0;
        for (int i = 0; i < y.Length; i++)
        {
            total += (double)y[i] * ws[i];
        }
        return total;
    }
}
