using EpochCompare.Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace EpochCompare.Training.Tests.Optim;

public sealed class FusedAdamWTests
{
    // One parameter longer than a parallel slice (with an odd tail), one tiny one.
    private static readonly long[][] Shapes = [[3, 11_000], [5]];

    [Fact]
    public void AgreesWithLibTorchsAdamWGivenTheSameWeightDecay()
    {
        var random = new Random(5);
        float[][] initial = [.. Shapes.Select(s => RandomValues(random, s))];
        var ours = Torch(initial);
        var reference = Torch(initial);
        using var optimizer = new FusedAdamW(Named(ours), 1e-2, weightDecay: 0.01);
        using var libtorch = optim.AdamW(reference.Select(p => p), 1e-2, weight_decay: 0.01);
        for (int step = 0; step < 5; step++)
        {
            for (int i = 0; i < ours.Length; i++)
            {
                float[] g = RandomValues(random, Shapes[i]);
                ours[i].grad = tensor(g, Shapes[i]);
                reference[i].grad = tensor(g, Shapes[i]);
            }
            optimizer.Step();
            libtorch.step();
        }
        for (int i = 0; i < ours.Length; i++)
        {
            AssertClose(Values(reference[i]), Values(ours[i]), 1e-6, $"p{i}");
        }
    }

    [Fact]
    public void DefaultWeightDecayIsPyTorchs()
    {
        // With a zero gradient Adam's step is 0, so only the decoupled decay moves the weight: p * (1 - lr * 0.01).
        var p = Torch([[1f, -2f, 4f]]);
        using var optimizer = new FusedAdamW(Named(p), learningRate: 0.5);
        p[0].grad = zeros(3);
        optimizer.Step();
        AssertBitEqual([0.995f, -1.99f, 3.98f], Values(p[0]), "decayed");
    }

    [Fact]
    public void TensorOpPathAgreesWithTheFusedPass()
    {
        var random = new Random(8);
        float[][] initial = [.. Shapes.Select(s => RandomValues(random, s))];
        var fused = Torch(initial);
        var ops = Torch(initial);
        using var a = new FusedAdamW(Named(fused), 3e-3);
        using var b = new FusedAdamW(Named(ops), 3e-3) { ForceTensorOps = true };
        for (int step = 0; step < 4; step++)
        {
            for (int i = 0; i < fused.Length; i++)
            {
                float[] g = RandomValues(random, Shapes[i]);
                fused[i].grad = tensor(g, Shapes[i]);
                ops[i].grad = tensor(g, Shapes[i]);
            }
            a.Step();
            b.Step();
        }
        for (int i = 0; i < fused.Length; i++)
        {
            AssertClose(Values(fused[i]), Values(ops[i]), 1e-6, $"p{i}");
        }
    }

    [Fact]
    public void ExportedStateContinuesBitForBitAndSkipsParametersWithoutGradient()
    {
        var random = new Random(3);
        float[][] initial = [.. Shapes.Select(s => RandomValues(random, s))];
        var straight = Torch(initial);
        using var first = new FusedAdamW(Named(straight), 1e-3);
        var gradients = Enumerable.Range(0, 5).Select(_ => Shapes.Select(s => RandomValues(random, s)).ToArray()).ToArray();
        void Step(FusedAdamW optimizer, Parameter[] parameters, float[][] g, bool secondHasGradient = true)
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i].grad = i == 1 && !secondHasGradient ? null : tensor(g[i], Shapes[i]);
            }
            optimizer.Step();
            optimizer.ZeroGrad();
        }
        for (int s = 0; s < 3; s++)
        {
            Step(first, straight, gradients[s]);
        }
        var state = first.ExportState();
        var resumed = Torch(straight.Select(Values).ToArray());
        using var second = new FusedAdamW(Named(resumed), 1e-3);
        second.ImportState(state, first.StepCount);
        float[] frozen = Values(straight[1]);
        for (int s = 3; s < 5; s++)
        {
            Step(first, straight, gradients[s], secondHasGradient: false);
            Step(second, resumed, gradients[s], secondHasGradient: false);
        }
        for (int i = 0; i < straight.Length; i++)
        {
            AssertBitEqual(Values(straight[i]), Values(resumed[i]), $"p{i}");
        }
        AssertBitEqual(frozen, Values(resumed[1]), "parameter without gradient");
        Assert.Equal(state["p1.exp_avg"], second.ExportState()["p1.exp_avg"]);
    }

    [Fact]
    public void StateOfAnotherSizeIsRefusedByName()
    {
        var p = Torch([[1f, 2f]]);
        using var optimizer = new FusedAdamW(Named(p));
        var state = new Dictionary<string, float[]> { ["p0.exp_avg"] = [0f], ["p0.exp_avg_sq"] = [0f, 0f] };
        var ex = Assert.Throws<ArgumentException>(() => optimizer.ImportState(state, 1));
        Assert.Contains("p0.exp_avg", ex.Message);
    }

    private static float[] RandomValues(Random random, long[] shape) =>
        [.. Enumerable.Range(0, (int)shape.Aggregate(1L, (a, d) => a * d)).Select(_ => (float)(random.NextDouble() * 2 - 1))];

    private static Parameter[] Torch(float[][] values) =>
        [.. values.Select((v, i) => new Parameter(tensor(v, i < Shapes.Length && Shapes[i].Aggregate(1L, (a, d) => a * d) == v.Length ? Shapes[i] : [v.Length])))];

    private static IEnumerable<(string, Tensor)> Named(Parameter[] parameters) => parameters.Select((p, i) => ($"p{i}", (Tensor)p));

    private static float[] Values(Tensor t) => t.detach().data<float>().ToArray();

    private static void AssertBitEqual(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
            }
        }
    }

    private static void AssertClose(float[] expected, float[] actual, double relative, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = relative * Math.Max(1, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
