using System.Diagnostics;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Model;
using EpochCompare.Flux.Modules;
using EpochCompare.Tensors;
using EpochCompare.Tensors.Memory;
using EpochCompare.Tensors.Optim;

namespace EpochCompare.Flux.Bench;

/// <summary>
/// Times a full-weight train step (forward + backward + AdamW on every parameter) and a no-grad sampling
/// forward on random weights and inputs. Warms up first: tiered JIT makes the first second unrepresentative.
/// </summary>
public static class FluxBenchmark
{
    public static FluxBenchResult Run(FluxParams p, int imgTokens = 256, int txtTokens = 16, int trainBatch = 1, int sampleBatch = 4,
        int iterations = 10, double warmupSeconds = 1.5)
    {
        var model = new FluxModel(p);
        FluxInitializer.Initialize(model, seed: 0);
        var optimizer = new AdamW(model.Parameters().Select(s => s.Value), learningRate: 1e-5f);

        FluxInputs train = SyntheticInputs(p, trainBatch, imgTokens, txtTokens, seed: 1);
        Tensor target = Tensor.FromArray(SyntheticInputs(p, trainBatch, imgTokens, txtTokens, seed: 2).Img.Span, trainBatch, imgTokens, p.InChannels);
        FluxInputs sample = SyntheticInputs(p, sampleBatch, imgTokens, txtTokens, seed: 3);

        void TrainStep()
        {
            using var scope = new TensorScope();
            foreach (ParameterSlot slot in model.Parameters())
            {
                slot.Value.ZeroGrad();
            }
            Ops.MseLoss(model.Forward(train), target).Backward();
            optimizer.Step();
        }

        void SampleForward()
        {
            using var scope = new TensorScope();
            using var noGrad = new NoGrad();
            model.Forward(sample);
        }

        double trainMs = Median(TrainStep, iterations, warmupSeconds);
        double sampleMs = Median(SampleForward, iterations, warmupSeconds);
        return new FluxBenchResult(trainMs, sampleMs, p, imgTokens, txtTokens, trainBatch, sampleBatch, TensorThreads.Max);
    }

    private static double Median(Action action, int iterations, double warmupSeconds)
    {
        var clock = Stopwatch.StartNew();
        do
        {
            action();
        }
        while (clock.Elapsed.TotalSeconds < warmupSeconds);

        var times = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[iterations / 2];
    }

    /// <summary>Random latents and text on a square-ish token grid with FLUX's (0, row, col) image ids.</summary>
    public static FluxInputs SyntheticInputs(FluxParams p, int batch, int imgTokens, int txtTokens, int seed)
    {
        var random = new Random(seed);
        Tensor Normalish(params int[] shape)
        {
            var t = Tensor.Zeros(shape);
            Span<float> values = t.Span;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)(random.NextDouble() * 2 - 1);
            }
            return t;
        }

        int width = (int)Math.Ceiling(Math.Sqrt(imgTokens));
        var imgIds = Tensor.Zeros(batch, imgTokens, p.AxesDim.Count);
        Span<float> ids = imgIds.Span;
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < imgTokens; i++)
            {
                ids[(b * imgTokens + i) * p.AxesDim.Count + 1] = i / width;
                ids[(b * imgTokens + i) * p.AxesDim.Count + 2] = i % width;
            }
        }
        float[] timesteps = Enumerable.Range(0, batch).Select(_ => (float)random.NextDouble()).ToArray();
        float[]? guidance = p.GuidanceEmbed ? Enumerable.Repeat(3.5f, batch).ToArray() : null;
        return new FluxInputs(Normalish(batch, imgTokens, p.InChannels), imgIds, Normalish(batch, txtTokens, p.ContextInDim),
            Tensor.Zeros(batch, txtTokens, p.AxesDim.Count), timesteps, Normalish(batch, p.VecInDim), guidance);
    }
}
