using System.Globalization;
using EpochCompare.Training.Data;
using EpochCompare.Training.Planning;
using EpochCompare.Training.Schedules;
using EpochCompare.Training.Timesteps;
using static EpochCompare.Training.Config.SettingValues;

namespace EpochCompare.Training.Config;

/// <summary>Every training option once: name, help, parser. The CLI and the YAML reader both use this list.</summary>
public static class TrainSettingCatalog
{
    public static IReadOnlyList<TrainSetting> All { get; } = Build();

    public static TrainSetting? Find(string key)
    {
        string name = key.Trim().TrimStart('-').Replace('_', '-').ToLowerInvariant();
        return All.FirstOrDefault(s => s.Name == name);
    }

    private static List<TrainSetting> Build()
    {
        var list = new List<TrainSetting>();
        void Value(string section, string name, string hint, string help, Action<TrainSettings, string> apply, Func<TrainSettings, string> show) =>
            list.Add(new TrainSetting(name, section, help, hint, false, apply, show));
        void Flag(string section, string name, string help, Action<TrainSettings, bool> set, Func<TrainSettings, bool> get) =>
            list.Add(new TrainSetting(name, section, help, "", true, (s, v) => set(s, Bool(name, v)), s => get(s) ? "true" : "false"));
        static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

        const string data = "Data";
        Value(data, "dataset", "dir", "Kohya image folder: subfolders '<repeats>_<trigger> <class>' (e.g. '10_ohwx style') of PNG/JPEG images with .txt captions.",
            (s, v) => s.Dataset = v, s => s.Dataset ?? "");
        Value(data, "resolution", "size", "Training size, 'W' or 'W,H'; images are area-downscaled to cover it (as kohya) and center-cropped; smaller ones are bad data (no aspect buckets).",
            (s, v) => (s.Width, s.Height) = Resolution("resolution", v), s => $"{s.Width},{s.Height}");
        Value(data, "caption-extension", "ext", "Caption file extension beside each image; a missing caption uses the folder's trigger and class.",
            (s, v) => s.CaptionExtension = v, s => s.CaptionExtension);
        Flag(data, "flip-aug", "Randomly mirror images left-right (only for subjects without handedness).",
            (s, v) => s.FlipAugment = v, s => s.FlipAugment);
        Value(data, "on-bad-image", "stop|skip", "Unreadable, too small or misnamed data: stop with its name, or skip it with a warning.",
            (s, v) => s.OnBadImage = Choice("on-bad-image", v, ("stop", BadDataPolicy.Stop), ("skip", BadDataPolicy.Skip)),
            s => s.OnBadImage.ToString().ToLowerInvariant());
        Value(data, "caption-dropout", "rate", "Fraction of samples trained with an empty caption (for classifier-free guidance).",
            (s, v) => s.CaptionDropout = Probability("caption-dropout", v), s => Text(s.CaptionDropout));

        const string model = "Model";
        Value(model, "base", "file", "Base FLUX model (.safetensors); default: the built-in flux-tiny.",
            (s, v) => s.BaseModel = v, s => s.BaseModel ?? "");
        Value(model, "mode", "lora|full", "Train a LoRA on the frozen base, or fine-tune every weight.",
            (s, v) => s.Mode = Choice("mode", v, ("lora", TrainMode.Lora), ("full", TrainMode.Full)), s => s.Mode.ToString().ToLowerInvariant());
        Value(model, "network-dim", "rank", "LoRA rank.", (s, v) => s.NetworkDim = Int("network-dim", v, 1), s => I(s.NetworkDim));
        Value(model, "network-alpha", "alpha", "LoRA alpha; the update is scaled by alpha / rank (0 = rank).",
            (s, v) => s.NetworkAlpha = Double("network-alpha", v, 0), s => Text(s.NetworkAlpha));
        Value(model, "network-modules", "list", "LoRA targets: 'default' (every Linear in the double and single blocks), 'all' (also the input embedders), or comma-separated module names or suffixes (e.g. 'img_attn.qkv,linear1').",
            (s, v) => s.NetworkModules = v, s => s.NetworkModules);
        Value(model, "guidance-scale", "g", "Embedded guidance passed to guidance-distilled (dev-style) models while training.",
            (s, v) => s.GuidanceScale = Double("guidance-scale", v, 0), s => Text(s.GuidanceScale));

        Flag(model, "fp8-base", "FLUX.1 only: hold the frozen transformer's Linear weights in fp8 (half of bf16; upcast per layer); the LoRA stays float32.",
            (s, v) => s.Fp8Base = v, s => s.Fp8Base);
        Flag(model, "gradient-checkpointing", "Keep only each double/single block's inputs for backward and recompute the block there (activation memory of one block instead of all).",
            (s, v) => s.GradientCheckpointing = v, s => s.GradientCheckpointing);

        const string optim = "Optimisation";
        Value(optim, "epochs", "n", "Epochs: passes over every image x its repeats.", (s, v) => s.Epochs = Int("epochs", v, 1), s => I(s.Epochs));
        Value(optim, "batch-size", "n", "Images per step.", (s, v) => s.BatchSize = Int("batch-size", v, 1), s => I(s.BatchSize));
        Value(optim, "grad-accum", "n", "Batches accumulated into one optimizer step.", (s, v) => s.GradientAccumulation = Int("grad-accum", v, 1), s => I(s.GradientAccumulation));
        Value(optim, "lr", "x", "Learning rate (at batch size 1 when --scale-lr sqrt).", (s, v) => s.LearningRate = Double("lr", v, double.Epsilon), s => Text(s.LearningRate));
        Value(optim, "scale-lr", "none|sqrt", "sqrt: lr = sqrt(batch size) x lr.",
            (s, v) => s.ScaleLearningRate = Choice("scale-lr", v, ("none", LearningRateScaling.None), ("sqrt", LearningRateScaling.Sqrt)),
            s => s.ScaleLearningRate.ToString().ToLowerInvariant());
        Value(optim, "lr-scheduler", "name", $"Learning-rate schedule: {string.Join(", ", SchedulerNames.All)}.",
            (s, v) => s.Scheduler = SchedulerNames.Parse(v), s => SchedulerNames.Name(s.Scheduler));
        Value(optim, "lr-warmup-steps", "n", "Linear warmup steps (a value below 1 is a fraction of all steps).",
            (s, v) => s.WarmupSteps = Double("lr-warmup-steps", v, 0), s => Text(s.WarmupSteps));
        Value(optim, "lr-scheduler-num-cycles", "n", "Restarts for cosine_with_restarts.", (s, v) => s.SchedulerCycles = Int("lr-scheduler-num-cycles", v, 1), s => I(s.SchedulerCycles));
        Value(optim, "lr-scheduler-power", "p", "Exponent of the polynomial schedule.", (s, v) => s.SchedulerPower = Double("lr-scheduler-power", v, 0), s => Text(s.SchedulerPower));
        Value(optim, "max-grad-norm", "x", "Clip the global gradient norm to this (0 = no clipping).", (s, v) => s.MaxGradNorm = Double("max-grad-norm", v, 0), s => Text(s.MaxGradNorm));
        Value(optim, "weight-decay", "x", "AdamW decoupled weight decay.", (s, v) => s.WeightDecay = Double("weight-decay", v, 0), s => Text(s.WeightDecay));
        Value(optim, "seed", "n", "Seed for initialisation, data order, noise and timesteps.", (s, v) => s.Seed = UInt64("seed", v), s => s.Seed.ToString(CultureInfo.InvariantCulture));

        const string noise = "Noise and timesteps";
        Value(noise, "timestep-sampling", "mode", "uniform, sigmoid (logit-normal), shift, or flux_shift (by resolution); with --model flux-dev|flux-schnell the default is shift (kohya's FLUX.1 setting).",
            (s, v) => s.TimestepSampling = Choice("timestep-sampling", v,
                ("uniform", TimestepSamplingMode.Uniform), ("sigmoid", TimestepSamplingMode.Sigmoid),
                ("shift", TimestepSamplingMode.Shift), ("flux_shift", TimestepSamplingMode.FluxShift)),
            s => s.TimestepSampling switch
            {
                TimestepSamplingMode.FluxShift => "flux_shift",
                var m => m.ToString().ToLowerInvariant(),
            });
        Value(noise, "sigmoid-scale", "x", "Scale of the logit-normal draw (sigmoid, shift, flux_shift).", (s, v) => s.SigmoidScale = Double("sigmoid-scale", v, 0), s => Text(s.SigmoidScale));
        Value(noise, "discrete-flow-shift", "s", "Shift S for --timestep-sampling shift (3.1582 equals flux_shift at 1024x1024, the default with --model flux-dev|flux-schnell).",
            (s, v) => s.DiscreteFlowShift = Double("discrete-flow-shift", v, double.Epsilon), s => Text(s.DiscreteFlowShift));
        Value(noise, "noise-offset", "x", "Offset noise: add x * N(0,1) per image and channel (e.g. 0.1).", (s, v) => s.NoiseOffset = Double("noise-offset", v, 0), s => Text(s.NoiseOffset));
        Flag(noise, "noise-offset-random-strength", "Scale the offset by U(0,1) each step.", (s, v) => s.NoiseOffsetRandomStrength = v, s => s.NoiseOffsetRandomStrength);
        Value(noise, "multires-noise-iterations", "n", "Pyramid noise levels (e.g. 6); 0 = off.", (s, v) => s.MultiresNoiseIterations = Int("multires-noise-iterations", v, 0), s => I(s.MultiresNoiseIterations));
        Value(noise, "multires-noise-discount", "x", "Weight decay per pyramid level.", (s, v) => s.MultiresNoiseDiscount = Double("multires-noise-discount", v, 0), s => Text(s.MultiresNoiseDiscount));

        const string output = "Output";
        Value(output, "output-dir", "dir", "Where checkpoints, the loss log and samples go.", (s, v) => s.OutputDir = v, s => s.OutputDir);
        Value(output, "output-name", "name", "Checkpoint name: {name}-{epoch:06d}.safetensors per saved epoch, {name}.safetensors at the end.",
            (s, v) => s.OutputName = OutputName(v), s => s.OutputName);
        Value(output, "save-every-n-epochs", "n", "Save a checkpoint every n epochs (0 = only the final one).", (s, v) => s.SaveEveryNEpochs = Int("save-every-n-epochs", v, 0), s => I(s.SaveEveryNEpochs));
        Flag(output, "resume", "Continue from the last saved epoch in the output dir (weights, optimizer, step).", (s, v) => s.Resume = v, s => s.Resume);
        Flag(output, "quiet", "Print only warnings and errors.", (s, v) => s.Quiet = v, s => s.Quiet);

        const string sampling = "Samples";
        Value(sampling, "sample-prompts", "file", "kohya prompt file: one prompt per line with '--n negative --w 64 --h 64 --d seed --s steps --l cfg --g guidance'; images go to {output-dir}/sample as p{prompt}_{base|e<epoch>}_s{seed}.png.",
            (s, v) => s.SamplePrompts = v, s => s.SamplePrompts ?? "");
        Value(sampling, "sample-every-n-epochs", "n", "Render the prompts with the current weights after every n-th epoch (0 = not during training). Needs --sample-prompts.",
            (s, v) => s.SampleEveryNEpochs = Int("sample-every-n-epochs", v, 0), s => I(s.SampleEveryNEpochs));
        Flag(sampling, "sample-at-first", "Also render before the first step: the base model, the grid's base column. Needs --sample-prompts.",
            (s, v) => s.SampleAtFirst = v, s => s.SampleAtFirst);
        Value(sampling, "sample-steps", "n", "Euler steps for prompts without --s (CFG without --l: 3.5 on flux-tiny, 1 on guidance-embedded models; seed without --d: 1).",
            (s, v) => s.SampleSteps = Int("sample-steps", v, 1), s => I(s.SampleSteps));
        Flag(sampling, "grid", "When training ends, render the base and every saved checkpoint for the sample prompts (reusing samples from training), then write the grids to {output-dir}/grids and the overfit metrics to {output-dir}/metrics. Needs --sample-prompts.",
            (s, v) => s.Grid = v, s => s.Grid);
        return list;
    }

    private static double Probability(string name, string text)
    {
        double value = Double(name, text, 0);
        return value <= 1 ? value : throw new ArgumentException($"--{name}: must be between 0 and 1, got {text}.");
    }

    private static string OutputName(string name) =>
        name.Length > 0 && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && name.IndexOfAny(['/', '\\']) < 0
            ? name
            : throw new ArgumentException($"--output-name: '{name}' is not a usable file name.");
}
