using EpochCompare.Tensors.Optim;

namespace EpochCompare.Tensors.Tests;

public class OptimizerTests
{
    /// <summary>Independent AdamW reference in double, written from the paper/PyTorch formula.</summary>
    private static double[] ReferenceAdamW(double[] p, double[][] grads, double lr, double b1, double b2, double eps, double wd)
    {
        var m = new double[p.Length];
        var v = new double[p.Length];
        p = (double[])p.Clone();
        for (int t = 1; t <= grads.Length; t++)
        {
            for (int i = 0; i < p.Length; i++)
            {
                double g = grads[t - 1][i];
                p[i] -= lr * wd * p[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.Pow(b1, t));
                double vHat = v[i] / (1 - Math.Pow(b2, t));
                p[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
        }
        return p;
    }

    [Fact]
    public void AdamWMatchesHandComputedFirstStep()
    {
        // Step 1 with defaults: m_hat = g, v_hat = g^2, so the update is lr * sign(g) (up to eps)
        // after decay: p1 = p0 (1 - 1e-3 * 0.01) - 1e-3 * g / (|g| + 1e-8).
        var p = Parameter.FromArray("p", [1f, -2f], 2);
        var opt = new AdamW([p]);
        Ops.Sum(Ops.Mul(p, Tensor.FromArray([0.5f, -3f], 2))).Backward(); // grad = [0.5, -3]
        opt.Step();
        Assert.Equal(1.0 * (1 - 1e-5) - 1e-3, p.Span[0], 6);
        Assert.Equal(-2.0 * (1 - 1e-5) + 1e-3, p.Span[1], 6);
        Assert.Equal(1, opt.StepCount);
    }

    [Fact]
    public void AdamWMatchesDoubleReferenceOverSeveralSteps()
    {
        var rng = new Random(5);
        int n = 37; // covers the vector body and the scalar tail
        var p0 = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var grads = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray()).ToArray();
        var p = Parameter.FromArray("p", p0.Select(x => (float)x).ToArray(), n);
        var opt = new AdamW([p], learningRate: 0.01f, beta1: 0.8f, beta2: 0.99f, epsilon: 1e-6f, weightDecay: 0.1f);
        foreach (var g in grads)
        {
            opt.ZeroGrad();
            Ops.Sum(Ops.Mul(p, Tensor.FromArray(g.Select(x => (float)x).ToArray(), n))).Backward();
            opt.Step();
        }
        var expected = ReferenceAdamW(p0, grads, 0.01, 0.8, 0.99, 1e-6, 0.1);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(expected[i], p.Span[i], 5);
        }
    }

    [Fact]
    public void StateRoundTripResumesIdentically()
    {
        var rng = new Random(8);
        var init = Enumerable.Range(0, 20).Select(_ => (float)rng.NextDouble()).ToArray();
        var g = Enumerable.Range(0, 20).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        void Step(AdamW opt, Parameter p)
        {
            opt.ZeroGrad();
            Ops.Sum(Ops.Mul(Ops.Mul(p, p), Tensor.FromArray(g, 20))).Backward();
            opt.Step();
        }

        var a = Parameter.FromArray("a", init, 20);
        var optA = new AdamW([a]);
        for (int i = 0; i < 4; i++) { Step(optA, a); }

        var b = Parameter.FromArray("a", init, 20);
        var optB = new AdamW([b]);
        for (int i = 0; i < 2; i++) { Step(optB, b); }
        var saved = optB.ExportState();
        Assert.Contains("a.exp_avg", saved.Keys);
        Assert.Contains("a.exp_avg_sq", saved.Keys);
        var c = Parameter.FromArray("a", b.ToArray(), 20);
        var optC = new AdamW([c]);
        optC.ImportState(saved, optB.StepCount);
        for (int i = 0; i < 2; i++) { Step(optC, c); }

        Assert.Equal(a.ToArray(), c.ToArray());
        Assert.Throws<KeyNotFoundException>(() => new AdamW([Parameter.Zeros("other", 2)]).ImportState(saved, 2));
    }

    [Fact]
    public void ClipScalesToMaxNormAndReturnsTheNorm()
    {
        var a = Parameter.Zeros("a", 2);
        var b = Parameter.Zeros("b", 1);
        Ops.Add(Ops.Sum(Ops.Mul(a, Tensor.FromArray([3f, 0f], 2))), Ops.Sum(Ops.Scale(b, 4f))).Backward(); // grads [3, 0], [4]
        float norm = GradClip.ClipByGlobalNorm([a, b], 1f);
        Assert.Equal(5f, norm, 5);
        Assert.Equal(0.6f, a.Grad!.Span[0], 5);
        Assert.Equal(0.8f, b.Grad!.Span[0], 5);
        float again = GradClip.ClipByGlobalNorm([a, b], 10f);
        Assert.Equal(1f, again, 4);
        Assert.Equal(0.6f, a.Grad!.Span[0], 5); // under the limit: untouched
    }
}
