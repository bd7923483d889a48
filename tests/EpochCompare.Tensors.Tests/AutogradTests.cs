using EpochCompare.Tensors.Memory;

namespace EpochCompare.Tensors.Tests;

public class AutogradTests
{
    [Fact]
    public void NoGradRecordsNothing()
    {
        var w = Parameter.FromArray("w", [1f, 2f, 3f, 4f], 2, 2);
        var x = Tensor.FromArray([1f, 1f], 1, 2);
        Tensor y;
        using (new NoGrad())
        {
            Assert.False(NoGrad.IsGradEnabled);
            y = Ops.Sum(Ops.Gelu(Ops.Linear(x, w)));
        }
        Assert.True(NoGrad.IsGradEnabled);
        Assert.False(y.RequiresGrad);
        Assert.True(y.IsLeaf);
        Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Null(w.Grad);
    }

    [Fact]
    public void ParameterWrapSharesTheArrayAndChecksItsSize()
    {
        var data = new float[] { 1f, 2f, 3f, 4f, 5f, 6f };
        var p = Parameter.Wrap("layer.weight", data, 2, 3);
        Assert.True(p.RequiresGrad);
        Assert.Equal("layer.weight", p.Name);
        data[5] = 9f;
        Assert.Equal(9f, p.Span[5]);
        var ex = Assert.Throws<ArgumentException>(() => Parameter.Wrap("bad", data, 4, 2));
        Assert.Contains("bad", ex.Message);
        Assert.Contains("[4, 2]", ex.Message);
    }

    [Fact]
    public void OpsOnConstantsRecordNothing()
    {
        var y = Ops.Mul(Tensor.Ones(3), Tensor.Ones(3));
        Assert.False(y.RequiresGrad);
        Assert.True(y.IsLeaf);
    }

    [Fact]
    public void GradientsAccumulateAcrossBackwardCallsUntilZeroed()
    {
        var w = Parameter.FromArray("w", [2f, 3f], 2);
        Ops.Sum(Ops.Mul(w, w)).Backward();
        Assert.Equal([4f, 6f], w.Grad!.ToArray());
        Ops.Sum(Ops.Mul(w, w)).Backward();
        Assert.Equal([8f, 12f], w.Grad!.ToArray());
        w.ZeroGrad();
        Assert.Null(w.Grad);
    }

    [Fact]
    public void GraphIsFreedAfterBackward()
    {
        var w = Parameter.FromArray("w", [2f], 1);
        var hidden = Ops.Scale(w, 3f);
        var loss = Ops.Sum(hidden);
        loss.Backward();
        Assert.True(hidden.IsLeaf);
        Assert.False(hidden.RequiresGrad);
        var ex = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("backward", ex.Message);
    }

    [Fact]
    public void BackwardNeedsAScalar()
    {
        var w = Parameter.Zeros("w", 3);
        var ex = Assert.Throws<InvalidOperationException>(() => Ops.Scale(w, 2f).Backward());
        Assert.Contains("[3]", ex.Message);
    }

    [Fact]
    public void UnusedBranchesGetNoGradient()
    {
        var a = Parameter.FromArray("a", [1f], 1);
        var b = Parameter.FromArray("b", [1f], 1);
        _ = Ops.Scale(b, 2f); // recorded, but not part of the loss
        Ops.Sum(Ops.Scale(a, 5f)).Backward();
        Assert.Equal([5f], a.Grad!.ToArray());
        Assert.Null(b.Grad);
    }

    [Fact]
    public void NonFiniteLossThrowsNamingTheOp()
    {
        var p = Parameter.FromArray("p", [float.NaN, 1f], 2);
        var ex = Assert.Throws<ArithmeticException>(() => Ops.MseLoss(p, Tensor.Zeros(2)));
        Assert.Contains("mse_loss", ex.Message);
        Assert.Contains("[2]", ex.Message);
        var inf = Parameter.FromArray("q", [float.MaxValue, float.MaxValue], 2);
        var ex2 = Assert.Throws<ArithmeticException>(() => Ops.Sum(Ops.Scale(inf, 10f)).Backward());
        Assert.Contains("sum", ex2.Message);
    }

    [Fact]
    public void ReshapeIsAViewSharingTheBuffer()
    {
        var x = Tensor.Zeros(2, 3);
        var y = Ops.Reshape(x, 3, -1);
        y.Span[4] = 7f;
        Assert.Equal(7f, x.Span[4]);
        Assert.Equal([3, 2], y.Shape.ToArray());
    }

    [Fact]
    public void ScopeReleasesBuffersAndKeepSurvives()
    {
        Tensor inner, kept;
        using (new TensorScope())
        {
            inner = Tensor.Ones(4);
            kept = TensorScope.Keep(Ops.Scale(inner, 2f));
            Assert.Equal(1f, inner.Span[0]);
        }
        Assert.Throws<ObjectDisposedException>(() => inner.Span[0]);
        Assert.Equal([2f, 2f, 2f, 2f], kept.ToArray());
    }

    [Fact]
    public void TrainingStepInsideAScopeMatchesOneWithout()
    {
        float[] Run(bool scoped)
        {
            var w = Parameter.FromArray("w", [0.5f, -0.25f, 0.75f, 1f], 2, 2);
            var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 3, 2);
            var scope = scoped ? new TensorScope() : null;
            for (int step = 0; step < 3; step++)
            {
                w.ZeroGrad();
                Ops.MseLoss(Ops.Gelu(Ops.Linear(x, w)), Tensor.Zeros(3, 2)).Backward();
                var g = w.Grad!.Span;
                for (int i = 0; i < 4; i++) { w.Span[i] -= 0.1f * g[i]; }
            }
            scope?.Dispose();
            return w.ToArray();
        }
        Assert.Equal(Run(false), Run(true));
    }
}
