using System.Diagnostics;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Devices;
using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Flux.Transformer;
using EpochCompare.Training.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Cli.Benchmarks;

/// <summary>
/// The FLUX model end to end (<c>--model flux-tiny</c>), the work <c>tools/bench/flux_tiny_torch.py</c> times in
/// PyTorch under the same keys: a full-weight train step (forward + MSE + backward + our AdamW the trainer uses,
/// batch 1 with 256 image + 16 text tokens, and batch 8 with 32 text tokens), a no-grad sampling forward (batch 4),
/// one grid column as <c>sample</c> renders it (<see cref="SampleColumnSeeds"/> seeds, 64x64, 20 steps, true CFG 3.5),
/// and the process RSS after warm-up and after 500 more train steps and 500 more forwards (dispose scopes keep it flat).
/// <c>--device</c>/<c>--dtype</c> choose where the model runs and its weights' precision (the loss stays float32).
/// </summary>
internal sealed class FluxModelBench : IBenchSection
{
    private static readonly TimeSpan ModelWarmUp = TimeSpan.FromSeconds(3);

    private const int ImgTokens = 256, TxtTokens = 16, TrainBatch = 1, SampleBatch = 4, LargeTrainBatch = 8, LargeTxtTokens = 32, LeakSteps = 500;

    private const int SampleColumnSeeds = 4, SampleColumnSteps = 20, SampleColumnSize = 64;

    private const double SampleColumnCfg = 3.5;

    public string Name => "flux";

    public string Description => "FLUX train step, sampling forward, one sample column and RSS (needs --model)";

    public bool RunsByDefault(BenchSettings settings) => settings.Model is not null;

    public void Run(BenchContext context)
    {
        string presetName = context.Settings.Model ?? FluxPresets.TinyName;
        if (!FluxPresets.TryGet(presetName, out FluxParams p))
        {
            throw new UsageException($"bench: unknown --model '{presetName}' (known: {string.Join(", ", FluxPresets.Names)}).");
        }
        ComputeThreads.Set(context.Settings.Threads);
        ComputeDevice compute = context.Settings.Device;
        Device device = compute.Resolve();
        torch.random.manual_seed(0);
        using var model = new FluxTransformer(p, device, compute.DType);
        using var optimizer = new FusedAdamW(model.named_parameters().Select(n => (n.name, (Tensor)n.parameter)), 1e-5);
        using var inputs = NewDisposeScope();
        (FluxInput train, Tensor target) = (Inputs(p, TrainBatch, TxtTokens, seed: 1, device), randn([TrainBatch, ImgTokens, p.InChannels]).to(device));
        (FluxInput trainLarge, Tensor targetLarge) = (Inputs(p, LargeTrainBatch, LargeTxtTokens, seed: 4, device), randn([LargeTrainBatch, ImgTokens, p.InChannels]).to(device));
        FluxInput sample = Inputs(p, SampleBatch, TxtTokens, seed: 3, device);

        void TrainStep(FluxInput input, Tensor expected)
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            // The loss in float32 whatever the model computes in, as the trainer does.
            nn.functional.mse_loss(model.call(input).to_type(ScalarType.Float32), expected).backward();
            optimizer.Step();
        }
        void Forward()
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            model.call(sample);
        }

        BenchTiming trainStep = context.Measure(() => TrainStep(train, target), ModelWarmUp);
        BenchTiming trainStepLarge = context.Measure(() => TrainStep(trainLarge, targetLarge), ModelWarmUp);
        BenchTiming forward = context.Measure(Forward, ModelWarmUp);
        context.Say($"flux {presetName} config {FluxParamsJson.ToJson(p)}, {compute.Name} {compute.DTypeName}");
        context.Report("train_step_ms", trainStep.MedianMs,
            $"flux train step (fwd+bwd+AdamW, batch {TrainBatch}, {ImgTokens}+{TxtTokens} tokens): {trainStep.MedianMs,8:F1} ms median, {trainStep.BestMs,8:F1} best");
        context.Report("train_step_best_ms", trainStep.BestMs, $"train_step_best_ms {trainStep.BestMs:F2}");
        context.Report("train_step_b8_ms", trainStepLarge.MedianMs,
            $"flux train step (batch {LargeTrainBatch}, {ImgTokens}+{LargeTxtTokens} tokens): {trainStepLarge.MedianMs,8:F1} ms median, {trainStepLarge.BestMs,8:F1} best");
        context.Report("sample_forward_ms", forward.MedianMs,
            $"flux sampling forward (no grad, batch {SampleBatch}): {forward.MedianMs,8:F1} ms median, {forward.BestMs,8:F1} best");
        context.Report("sample_forward_best_ms", forward.BestMs, $"sample_forward_best_ms {forward.BestMs:F2}");
        if (presetName == FluxPresets.TinyName)
        {
            SampleColumn(context, model, device, compute.DType);
        }
        if (!context.Settings.Quick)
        {
            ReportResidentMemory(context, () => TrainStep(train, target), Forward);
        }
        context.Report("img_tokens", ImgTokens, $"img_tokens {ImgTokens}");
        context.Report("txt_tokens", TxtTokens, $"txt_tokens {TxtTokens}");
        context.Report("train_batch", TrainBatch, $"train_batch {TrainBatch}");
        context.Report("sample_batch", SampleBatch, $"sample_batch {SampleBatch}");
        // The bench JSON holds numbers only, so the config goes in flattened under FluxParams names.
        foreach ((string key, double value) in ConfigFields(p))
        {
            context.Report("config." + key, value, $"config.{key} {value}");
        }
    }

    /// <summary>
    /// RSS after the timed warm-up, after <see cref="LeakSteps"/> train steps and forwards that let the allocators reach
    /// their working set (measured: +50-65 MiB over the first 500 train steps, then flat to 0.3 MiB over 2,250 more), and
    /// after <see cref="LeakSteps"/> more of each: the last two must not grow beyond noise.
    /// </summary>
    private static void ReportResidentMemory(BenchContext context, Action trainStep, Action forward)
    {
        void Repeat(Action action)
        {
            for (int i = 0; i < LeakSteps; i++)
            {
                action();
            }
        }
        double start = RssMiB();
        Repeat(trainStep);
        Repeat(forward);
        double warm = RssMiB();
        Repeat(trainStep);
        double afterTrain = RssMiB();
        Repeat(forward);
        double afterForward = RssMiB();
        context.Report("rss_start_mib", start, $"rss after the timed warm-up: {start:F0} MiB");
        context.Report("rss_warm_mib", warm, $"rss after {LeakSteps} train steps and {LeakSteps} forwards (allocator warm-up): {warm:F0} MiB");
        context.Report("rss_after_train_mib", afterTrain, $"rss after {LeakSteps} more train steps: {afterTrain:F0} MiB ({afterTrain - warm:+0.0;-0.0} MiB)");
        context.Report("rss_after_forward_mib", afterForward, $"rss after {LeakSteps} more sampler forwards: {afterForward:F0} MiB ({afterForward - afterTrain:+0.0;-0.0} MiB)");
    }

    /// <summary>One grid column of flux-tiny (random weights) through the sampler <c>sample</c> uses.</summary>
    private static void SampleColumn(BenchContext context, FluxTransformer model, Device device, ScalarType dtype)
    {
        torch.random.manual_seed(5);
        using var text = TinyTextEncoder.CreateFluxTiny(device, dtype);
        var sampler = new FluxSampler(model, text, new PixelUnshuffleAutoencoder());
        var request = new SampleRequest("ohwx car, stylized 3D render with a playful, cartoon aesthetic", "",
            Enumerable.Range(1, SampleColumnSeeds).Select(s => (ulong)s).ToArray(), SampleColumnSize, SampleColumnSize, SampleColumnSteps,
            new GuidanceSettings(GuidanceSettings.DefaultDistilled, SampleColumnCfg));
        BenchTiming column = context.MeasureLong(() => sampler.SampleColumn(request));
        context.Report("sample_column_s", column.MedianSeconds,
            $"flux sample column ({SampleColumnSeeds} seeds, {SampleColumnSteps} steps, {SampleColumnSize}x{SampleColumnSize}, CFG {SampleColumnCfg}): {column.MedianSeconds,8:F2} s median, {column.BestSeconds,8:F2} best");
        context.Report("sample_column_best_s", column.BestSeconds, $"sample_column_best_s {column.BestSeconds:F3}");
    }

    private static FluxInput Inputs(FluxParams p, int batch, int txtTokens, long seed, Device device)
    {
        using var generator = new Generator((ulong)seed);
        int width = (int)Math.Ceiling(Math.Sqrt(ImgTokens));
        Tensor index = arange(ImgTokens);
        Tensor ids = stack([zeros(ImgTokens), (index / width).floor(), index % width], -1).unsqueeze(0).repeat(batch, 1, 1).to_type(ScalarType.Float32);
        // Drawn on the CPU generator, then moved: the same inputs on every device.
        return new FluxInput((rand([batch, ImgTokens, p.InChannels], generator: generator) * 2 - 1).to(device), ids.to(device),
            (rand([batch, txtTokens, p.ContextInDim], generator: generator) * 2 - 1).to(device), zeros([batch, txtTokens, 3], device: device),
            rand([batch], generator: generator).to(device), (rand([batch, p.VecInDim], generator: generator) * 2 - 1).to(device),
            p.GuidanceEmbed ? full([batch], 3.5f, device: device) : null);
    }

    private static double RssMiB()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64 / (1024.0 * 1024.0);
    }

    private static IEnumerable<(string, double)> ConfigFields(FluxParams p)
    {
        yield return ("in_channels", p.InChannels);
        yield return ("out_channels", p.OutChannels);
        yield return ("vec_in_dim", p.VecInDim);
        yield return ("context_in_dim", p.ContextInDim);
        yield return ("hidden_size", p.HiddenSize);
        yield return ("mlp_ratio", p.MlpRatio);
        yield return ("num_heads", p.NumHeads);
        yield return ("depth", p.Depth);
        yield return ("depth_single_blocks", p.DepthSingleBlocks);
        for (int i = 0; i < p.AxesDim.Count; i++)
        {
            yield return ($"axes_dim.{i}", p.AxesDim[i]);
        }
        yield return ("theta", p.Theta);
        yield return ("qkv_bias", p.QkvBias ? 1 : 0);
        yield return ("guidance_embed", p.GuidanceEmbed ? 1 : 0);
    }
}
