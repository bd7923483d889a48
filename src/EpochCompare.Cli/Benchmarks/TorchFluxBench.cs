using System.Diagnostics;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Devices;
using EpochCompare.Flux.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Cli.Benchmarks;

/// <summary>
/// The FLUX model on the TorchSharp engine (<c>--section flux-torch --model flux-tiny</c>), the same work as
/// <see cref="FluxModelBench"/> (full-weight train step with LibTorch's AdamW, batch 1; no-grad forward, batch 4;
/// 256 image + 16 text tokens) under <c>torch_</c> keys, side by side with the own engine in one run; plus the
/// process RSS after warm-up and after 500 more train steps and 500 more forwards (dispose scopes keep it flat).
/// </summary>
internal sealed class TorchFluxBench : IBenchSection
{
    private const int ImgTokens = 256, TxtTokens = 16, TrainBatch = 1, SampleBatch = 4, LeakSteps = 500;

    public string Name => "flux-torch";

    public string Description => "FLUX train step, sampling forward and RSS on TorchSharp (needs --model)";

    public bool RunsByDefault(BenchSettings settings) => settings.Model is not null;

    public void Run(BenchContext context)
    {
        string presetName = context.Settings.Model ?? FluxPresets.TinyName;
        if (!FluxPresets.TryGet(presetName, out FluxParams p))
        {
            throw new UsageException($"bench: unknown --model '{presetName}' (known: {string.Join(", ", FluxPresets.Names)}).");
        }
        ComputeThreads.Set(context.Settings.Threads);
        manual_seed(0);
        using var model = new FluxTransformer(p);
        var optimizer = optim.AdamW(model.parameters(), lr: 1e-5, weight_decay: 0.01);
        FluxInput train = Inputs(p, TrainBatch, seed: 1);
        Tensor target = randn([TrainBatch, ImgTokens, p.InChannels]);
        FluxInput sample = Inputs(p, SampleBatch, seed: 3);

        void TrainStep()
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.mse_loss(model.call(train), target).backward();
            optimizer.step();
        }
        void Forward()
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            model.call(sample);
        }

        BenchTiming trainStep = context.Measure(TrainStep, TimeSpan.FromSeconds(3));
        BenchTiming forward = context.Measure(Forward, TimeSpan.FromSeconds(3));
        context.Report("torch_train_step_ms", trainStep.MedianMs,
            $"torch flux train step (fwd+bwd+AdamW, batch {TrainBatch}, {ImgTokens}+{TxtTokens} tokens): {trainStep.MedianMs,8:F1} ms median, {trainStep.BestMs,8:F1} best");
        context.Report("torch_sample_forward_ms", forward.MedianMs,
            $"torch flux sampling forward (no grad, batch {SampleBatch}): {forward.MedianMs,8:F1} ms median, {forward.BestMs,8:F1} best");
        if (context.Settings.Quick)
        {
            return;
        }
        double warm = RssMiB();
        for (int i = 0; i < LeakSteps; i++)
        {
            TrainStep();
        }
        double afterTrain = RssMiB();
        for (int i = 0; i < LeakSteps; i++)
        {
            Forward();
        }
        double afterForward = RssMiB();
        context.Report("rss_warm_mib", warm, $"rss after warm-up: {warm:F0} MiB");
        context.Report("rss_after_train_mib", afterTrain, $"rss after {LeakSteps} more train steps: {afterTrain:F0} MiB");
        context.Report("rss_after_forward_mib", afterForward, $"rss after {LeakSteps} more sampler forwards: {afterForward:F0} MiB");
    }

    private static FluxInput Inputs(FluxParams p, int batch, long seed)
    {
        using var generator = new Generator((ulong)seed);
        int width = (int)Math.Ceiling(Math.Sqrt(ImgTokens));
        Tensor index = arange(ImgTokens);
        Tensor ids = stack([zeros(ImgTokens), (index / width).floor(), index % width], -1).unsqueeze(0).repeat(batch, 1, 1).to_type(ScalarType.Float32);
        return new FluxInput(rand([batch, ImgTokens, p.InChannels], generator: generator) * 2 - 1, ids,
            rand([batch, TxtTokens, p.ContextInDim], generator: generator) * 2 - 1, zeros([batch, TxtTokens, 3]),
            rand([batch], generator: generator), rand([batch, p.VecInDim], generator: generator) * 2 - 1,
            p.GuidanceEmbed ? full([batch], 3.5f) : null);
    }

    private static double RssMiB()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64 / (1024.0 * 1024.0);
    }
}
