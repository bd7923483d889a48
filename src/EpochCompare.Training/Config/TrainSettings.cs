using EpochCompare.Flux.Devices;
using EpochCompare.Training.Data;
using EpochCompare.Training.Planning;
using EpochCompare.Training.Schedules;
using EpochCompare.Training.Timesteps;

namespace EpochCompare.Training.Config;

/// <summary>
/// Every option of a training run, with kohya's defaults where kohya has one. Filled from the defaults,
/// then a YAML config file, then the command line (which wins); see <see cref="TrainSettingCatalog"/>.
/// </summary>
public sealed class TrainSettings
{
    // Data
    public string? Dataset { get; set; }
    public int Width { get; set; } = 64;
    public int Height { get; set; } = 64;
    public string CaptionExtension { get; set; } = ".txt";
    public bool FlipAugment { get; set; }
    public BadDataPolicy OnBadImage { get; set; } = BadDataPolicy.Stop;
    public double CaptionDropout { get; set; }

    // Model
    public string? BaseModel { get; set; }
    public TrainMode Mode { get; set; } = TrainMode.Lora;
    public int NetworkDim { get; set; } = 4;
    public double NetworkAlpha { get; set; } = 1.0;
    public string NetworkModules { get; set; } = "default";
    public double GuidanceScale { get; set; } = 1.0;

    /// <summary><c>--model flux-dev|flux-schnell</c> with its files; null trains flux-tiny.</summary>
    public RealFluxModel? RealModel { get; set; }

    /// <summary><c>--fp8-base</c>: the frozen FLUX.1 transformer's Linear weights held in fp8 (e4m3fn), upcast per layer.</summary>
    public bool Fp8Base { get; set; }

    /// <summary><c>--gradient-checkpointing</c>: keep only each block's inputs and recompute the block in backward.</summary>
    public bool GradientCheckpointing { get; set; }

    /// <summary><c>--device</c> / <c>--dtype</c>: where the base runs and its precision (the LoRA trains in float32).</summary>
    public ComputeDevice Compute { get; set; } = ComputeDevice.Cpu;

    // Optimisation
    public int Epochs { get; set; } = 10;
    public int BatchSize { get; set; } = 1;
    public int GradientAccumulation { get; set; } = 1;
    public double LearningRate { get; set; } = 1e-4;
    public LearningRateScaling ScaleLearningRate { get; set; } = LearningRateScaling.None;
    public LearningRateSchedulerKind Scheduler { get; set; } = LearningRateSchedulerKind.Constant;
    public double WarmupSteps { get; set; }
    public int SchedulerCycles { get; set; } = 1;
    public double SchedulerPower { get; set; } = 1.0;
    public double MaxGradNorm { get; set; } = 1.0;
    public double WeightDecay { get; set; } = 0.01;
    public ulong Seed { get; set; } = 42;

    // Noise and timesteps
    public TimestepSamplingMode TimestepSampling { get; set; } = TimestepSamplingMode.FluxShift;
    public double SigmoidScale { get; set; } = 1.0;
    public double DiscreteFlowShift { get; set; } = 3.0;
    public double NoiseOffset { get; set; }
    public bool NoiseOffsetRandomStrength { get; set; }
    public int MultiresNoiseIterations { get; set; }
    public double MultiresNoiseDiscount { get; set; } = 0.3;

    // Output
    public string OutputDir { get; set; } = "output";
    public string OutputName { get; set; } = "last";
    public int SaveEveryNEpochs { get; set; }
    public bool Resume { get; set; }
    public bool Quiet { get; set; }

    // Sampling during training
    public string? SamplePrompts { get; set; }
    public int SampleEveryNEpochs { get; set; }
    public bool SampleAtFirst { get; set; }
    public int SampleSteps { get; set; } = 20;
    public bool Grid { get; set; }

    /// <summary>Warmup as kohya reads <c>--lr_warmup_steps</c>: a value below 1 is a fraction of the total steps.</summary>
    public long WarmupStepsFor(long totalSteps) =>
        WarmupSteps is > 0 and < 1 ? (long)Math.Round(WarmupSteps * totalSteps) : (long)WarmupSteps;

    /// <summary>kohya: alpha defaults to the rank when unset or 0 (scale 1).</summary>
    public double EffectiveAlpha => NetworkAlpha == 0 ? NetworkDim : NetworkAlpha;
}
