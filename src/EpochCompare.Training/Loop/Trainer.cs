using System.Diagnostics;
using EpochCompare.Training.Config;
using EpochCompare.Training.Data;
using EpochCompare.Training.Noise;
using EpochCompare.Training.Optim;
using EpochCompare.Training.Planning;
using EpochCompare.Training.Schedules;
using EpochCompare.Training.Timesteps;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Training.Loop;

/// <summary>
/// The training loop: for each optimizer step, its micro-batches (loss scaled by their share of the step's
/// samples, gradients accumulated), global-norm clipping, AdamW at the scheduled learning rate; after a step
/// that completes a saved epoch, the checkpoint and resume state; the loss log throughout.
/// </summary>
public sealed class Trainer
{
    private readonly TrainSettings _settings;
    private readonly KohyaDataset _dataset;
    private readonly TrainingModel _model;
    private readonly TrainingPlan _plan;
    private readonly CheckpointNames _names;
    private readonly CheckpointMetadata _metadata;

    public Trainer(TrainSettings settings, KohyaDataset dataset, TrainingModel model, TrainingPlan plan, string commandLine)
    {
        _settings = settings;
        _dataset = dataset;
        _model = model;
        _plan = plan;
        _names = new CheckpointNames(settings.OutputDir, settings.OutputName);
        _metadata = new CheckpointMetadata(settings, model, dataset, plan, commandLine);
    }

    /// <summary>For tests: stop (as if killed) after this many steps of this invocation, writing nothing more.</summary>
    public long? StopAfterSteps { get; init; }

    /// <summary>
    /// Called with epoch 0 before a fresh run's first step, then at the end of every epoch (after its checkpoint,
    /// if one is saved): where samples during training hook in. It sees the live model; it must not train it.
    /// </summary>
    public Action<EpochEnd>? OnEpochEnd { get; init; }

    /// <summary>Time spent in <see cref="OnEpochEnd"/> (requested work such as samples, so not counted as overhead).</summary>
    public TimeSpan EpochEndTime => _epochEnd.Elapsed;

    private readonly Stopwatch _epochEnd = new();

    /// <summary>Time spent outside forward/backward/optimizer (data, logging, checkpoints), for the overhead figure.</summary>
    public TimeSpan OverheadTime { get; private set; }

    public TimeSpan ComputeTime { get; private set; }

    public TrainingResult Run(ITrainingProgress progress)
    {
        using var optimizer = new FusedAdamW(_model.Trainable.Select(t => (t.Name, (Tensor)t.Parameter)), _plan.LearningRate ?? _settings.LearningRate,
            weightDecay: _settings.WeightDecay);
        long firstStep = 0;
        if (_settings.Resume)
        {
            if (_names.LatestState() is { } latest)
            {
                (firstStep, _) = TrainingState.Load(latest.Path, _model.Trainable, optimizer, _dataset.Hash, _plan.TotalSteps);
                progress.Note($"resuming from {Path.GetFileName(latest.Path)} (epoch {latest.Epoch}, step {firstStep})");
            }
            else
            {
                progress.Note($"--resume: no saved state for '{_settings.OutputName}' in {_settings.OutputDir}; starting from the beginning");
            }
        }
        if (firstStep == 0)
        {
            RefuseToOverwrite(_names);
        }

        var schedule = new LearningRateSchedule
        {
            Kind = _settings.Scheduler,
            BaseLearningRate = _plan.LearningRate ?? _settings.LearningRate,
            TotalSteps = _plan.TotalSteps,
            WarmupSteps = _settings.WarmupStepsFor(_plan.TotalSteps),
            Cycles = _settings.SchedulerCycles,
            Power = _settings.SchedulerPower,
        };
        schedule.Validate();
        var objective = new FlowMatchingObjective(_model, TimestepSamplerFor(_settings), NoiseFor(_settings), (float)_settings.GuidanceScale, _settings.Seed);
        var order = new SampleOrder(_dataset.Images, _settings.Seed);
        long totalSamples = _plan.SamplesPerEpoch * _plan.Epochs;
        var written = new List<string>();
        var losses = new List<double>();

        using var log = new LossLog(_names.LossLog, firstStep);
        progress.Start(firstStep, _plan.TotalSteps);
        var clock = Stopwatch.StartNew();
        if (firstStep == 0)
        {
            EndOfEpoch(0, progress);
        }
        var compute = new Stopwatch();
        long stepsThisRun = 0;
        for (long step = firstStep; step < _plan.TotalSteps; step++)
        {
            if (StopAfterSteps is { } stop && stepsThisRun >= stop)
            {
                return new TrainingResult(written, losses, Interrupted: true);
            }
            optimizer.LearningRate = (float)schedule.LearningRateAt(step);
            var micro = SampleRange.MicroBatches(step, _settings.BatchSize, _settings.GradientAccumulation, totalSamples).ToList();
            int stepSamples = micro.Sum(m => m.Range.Count);
            double stepLoss = 0;
            foreach (var (_, range) in micro)
            {
                MicroBatch batch = MicroBatch.Build(_dataset, order, range, _settings.Seed, _settings.FlipAugment, _settings.CaptionDropout);
                compute.Start();
                using (NewDisposeScope())
                {
                    Tensor loss = objective.Loss(batch, _dataset.Width, _dataset.Height);
                    float share = (float)range.Count / stepSamples;
                    stepLoss += loss.item<float>() * share;
                    using Scalar weight = share.ToScalar(); // held for the op (a temporary Scalar can be finalized mid-call)
                    loss.mul(weight).backward();
                }
                compute.Stop();
            }
            compute.Start();
            double norm = _settings.MaxGradNorm > 0
                ? nn.utils.clip_grad_norm_(_model.Trainable.Select(t => t.Parameter), _settings.MaxGradNorm)
                : double.NaN;
            optimizer.Step();
            optimizer.ZeroGrad();
            compute.Stop();
            stepsThisRun++;

            long done = step + 1;
            long samplesDone = Math.Min(done * _plan.SamplesPerStep, totalSamples);
            double epochProgress = (double)samplesDone / _plan.SamplesPerEpoch;
            losses.Add(stepLoss);
            log.Add(done, epochProgress, stepLoss, (float)optimizer.LearningRate, norm);
            progress.Step(new StepReport(done, _plan.TotalSteps, epochProgress, stepLoss, Smoothed(losses),
                (float)optimizer.LearningRate, stepsThisRun / (clock.Elapsed - _epochEnd.Elapsed).TotalSeconds));

            int epochsBefore = (int)(Math.Min(step * _plan.SamplesPerStep, totalSamples) / _plan.SamplesPerEpoch);
            int epochsAfter = (int)(samplesDone / _plan.SamplesPerEpoch);
            for (int epoch = epochsBefore + 1; epoch <= epochsAfter; epoch++)
            {
                if (CheckpointNames.IsSavedEpoch(epoch, _settings.SaveEveryNEpochs, _plan.Epochs))
                {
                    log.Flush();
                    string path = _names.Epoch(epoch);
                    CheckpointWriter.Write(path, _model, _metadata.For(epoch, done));
                    TrainingState.Save(_names.State(epoch), _model.Trainable, optimizer, done, epoch, _dataset.Hash, _plan.TotalSteps);
                    written.Add(path);
                    progress.Note($"saved {path}");
                }
                if (epoch < _plan.Epochs)
                {
                    EndOfEpoch(epoch, progress);
                }
            }
        }
        log.Flush();
        CheckpointWriter.Write(_names.Final, _model, _metadata.For(_plan.Epochs, _plan.TotalSteps));
        written.Add(_names.Final);
        progress.Note($"saved {_names.Final}");
        EndOfEpoch(_plan.Epochs, progress);
        ComputeTime = compute.Elapsed;
        OverheadTime = clock.Elapsed - compute.Elapsed - _epochEnd.Elapsed;
        return new TrainingResult(written, losses, Interrupted: false);
    }

    private void EndOfEpoch(int epoch, ITrainingProgress progress)
    {
        if (OnEpochEnd is not { } hook)
        {
            return;
        }
        _epochEnd.Start();
        try
        {
            hook(new EpochEnd(epoch, _model, progress));
        }
        finally
        {
            _epochEnd.Stop();
        }
    }

    /// <summary>A fresh run never writes over a checkpoint of the same name (also checked before FLUX.1's caches are filled).</summary>
    internal static void RefuseToOverwrite(CheckpointNames names)
    {
        string? existing = names.Existing().FirstOrDefault();
        if (existing is not null)
        {
            throw new IOException($"{existing}: already exists; use --resume to continue that run, or another --output-name or --output-dir.");
        }
    }

    private static double Smoothed(List<double> losses)
    {
        int n = Math.Min(20, losses.Count);
        return losses.Skip(losses.Count - n).Average();
    }

    internal static TimestepSampler TimestepSamplerFor(TrainSettings s) => new()
    {
        Mode = s.TimestepSampling,
        SigmoidScale = s.SigmoidScale,
        DiscreteFlowShift = s.DiscreteFlowShift,
    };

    internal static NoiseOptions NoiseFor(TrainSettings s) => new()
    {
        Offset = s.NoiseOffset > 0 ? new OffsetNoise(s.NoiseOffset, s.NoiseOffsetRandomStrength) : null,
        Pyramid = s.MultiresNoiseIterations > 0 ? new PyramidNoise(s.MultiresNoiseIterations, s.MultiresNoiseDiscount) : null,
    };
}

/// <summary>What <see cref="Trainer.OnEpochEnd"/> sees: the epoch just finished (0 = before training), the live model, where to report.</summary>
public sealed record EpochEnd(int Epoch, TrainingModel Model, ITrainingProgress Progress);

/// <summary>The checkpoints written (in order), the loss of every step this invocation ran, and whether it stopped early.</summary>
public sealed record TrainingResult(IReadOnlyList<string> Checkpoints, IReadOnlyList<double> Losses, bool Interrupted);
