using EpochCompare.Flux.Bench;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Model;
using EpochCompare.Flux.Modules;
using EpochCompare.Tensors;
using EpochCompare.Tensors.Memory;
using EpochCompare.Tensors.Optim;

namespace EpochCompare.Cli.Benchmarks;

/// <summary>
/// The FLUX model end to end (<c>--model flux-tiny</c>): a full-weight train step (forward + backward + AdamW
/// on every parameter, batch 1, and batch 8 with 32 text tokens) and a no-grad sampling forward (batch 4), 256 image
/// + 16 text tokens, and the
/// time to sample one grid column (<see cref="SampleColumnBench"/>).
/// </summary>
internal sealed class FluxModelBench : IBenchSection
{
    private const int ImgTokens = 256, TxtTokens = 16, TrainBatch = 1, SampleBatch = 4, LargeTrainBatch = 8, LargeTxtTokens = 32;

    public string Name => "flux";

    public string Description => "FLUX train step and sampling forward milliseconds (needs --model)";

    public bool RunsByDefault(BenchSettings settings) => settings.Model is not null;

    public void Run(BenchContext context)
    {
        string presetName = context.Settings.Model ?? FluxPresets.TinyName;
        if (!FluxPresets.TryGet(presetName, out FluxParams p))
        {
            throw new UsageException($"bench: unknown --model '{presetName}' (known: {string.Join(", ", FluxPresets.Names)}).");
        }
        TensorThreads.Max = context.Settings.Threads;
        var model = new FluxModel(p);
        FluxInitializer.Initialize(model, seed: 0);
        var optimizer = new AdamW(model.Parameters().Select(s => s.Value), learningRate: 1e-5f);
        FluxInputs train = FluxBenchmark.SyntheticInputs(p, TrainBatch, ImgTokens, TxtTokens, seed: 1);
        Tensor target = FluxBenchmark.SyntheticInputs(p, TrainBatch, ImgTokens, TxtTokens, seed: 2).Img;
        FluxInputs sample = FluxBenchmark.SyntheticInputs(p, SampleBatch, ImgTokens, TxtTokens, seed: 3);

        BenchTiming trainStep = context.Measure(() =>
        {
            using var scope = new TensorScope();
            foreach (ParameterSlot slot in model.Parameters())
            {
                slot.Value.ZeroGrad();
            }
            Ops.MseLoss(model.Forward(train), target).Backward();
            optimizer.Step();
        });
        // The batch a real training run uses (kohya-style batch 8, flux-tiny's 32 text tokens): big enough to keep both cores busy.
        FluxInputs trainLarge = FluxBenchmark.SyntheticInputs(p, LargeTrainBatch, ImgTokens, LargeTxtTokens, seed: 4);
        Tensor targetLarge = FluxBenchmark.SyntheticInputs(p, LargeTrainBatch, ImgTokens, LargeTxtTokens, seed: 5).Img;
        BenchTiming trainStepLarge = context.Measure(() =>
        {
            using var scope = new TensorScope();
            foreach (ParameterSlot slot in model.Parameters())
            {
                slot.Value.ZeroGrad();
            }
            Ops.MseLoss(model.Forward(trainLarge), targetLarge).Backward();
            optimizer.Step();
        });
        BenchTiming forward = context.Measure(() =>
        {
            using var scope = new TensorScope();
            using var noGrad = new NoGrad();
            model.Forward(sample);
        });

        context.Say($"flux {presetName} config {FluxParamsJson.ToJson(p)}");
        context.Report("train_step_ms", trainStep.MedianMs,
            $"flux train step (fwd+bwd+AdamW, batch {TrainBatch}, {ImgTokens}+{TxtTokens} tokens): {trainStep.MedianMs,8:F1} ms median, {trainStep.BestMs,8:F1} best");
        context.Report("train_step_b8_ms", trainStepLarge.MedianMs,
            $"flux train step (batch {LargeTrainBatch}, {ImgTokens}+{LargeTxtTokens} tokens): {trainStepLarge.MedianMs,8:F1} ms median, {trainStepLarge.BestMs,8:F1} best");
        context.Report("sample_forward_ms", forward.MedianMs,
            $"flux sampling forward (no grad, batch {SampleBatch}): {forward.MedianMs,8:F1} ms median, {forward.BestMs,8:F1} best");
        SampleColumnBench.Run(context, model);
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
