using System.Globalization;

namespace EpochCompare.Training.Planning;

/// <summary>
/// The epoch/step math as our users' guide states it: an epoch shows every image <c>repeats</c> times;
/// a step is one optimizer update, which consumes batch x GPUs x gradient-accumulation samples; the run
/// shows epochs x samples-per-epoch samples, so total steps = ceil(epochs x samples / samples-per-step)
/// (100 images, 50 epochs, batch 8 -> 625). Batches run on across epoch boundaries instead of ending
/// each epoch with a short batch (kohya would make that 13 x 50 = 650 steps); when the samples of an
/// epoch divide evenly into steps, both agree.
/// </summary>
public sealed record TrainingPlan
{
    public required PlanRequest Request { get; init; }

    /// <summary>Sum over folders of images x repeats.</summary>
    public required long SamplesPerEpoch { get; init; }

    /// <summary>Samples consumed by one optimizer step (on each GPU: batch; over all GPUs and micro-batches: this).</summary>
    public required long SamplesPerStep { get; init; }

    /// <summary>Samples per epoch / samples per step, not rounded (12.5 for 100 images at batch 8); per GPU with several GPUs, since they step together.</summary>
    public required double StepsPerEpoch { get; init; }

    public required long TotalSteps { get; init; }

    /// <summary>The learning rate to train with (after scaling), or null when none was given.</summary>
    public double? LearningRate { get; init; }

    public int Epochs => Request.Epochs;

    public static TrainingPlan Create(PlanRequest request)
    {
        request.Validate();
        long samples = request.Subsets.Sum(s => s.Samples);
        long perStep = (long)request.BatchSize * request.Gpus * request.GradientAccumulation;
        return new TrainingPlan
        {
            Request = request,
            SamplesPerEpoch = samples,
            SamplesPerStep = perStep,
            StepsPerEpoch = (double)samples / perStep,
            TotalSteps = CeilDiv(checked(samples * request.Epochs), perStep),
            LearningRate = ScaledLearningRate(request),
        };
    }

    /// <summary>The optimizer step (1-based) that shows the last sample of <paramref name="epoch"/> (1-based): its checkpoint is saved after it.</summary>
    public long StepEndingEpoch(int epoch) => CeilDiv(SamplesPerEpoch * epoch, SamplesPerStep);

    private static long CeilDiv(long numerator, long denominator) => (numerator + denominator - 1) / denominator;

    /// <summary>lr at batch 1, scaled by the chosen rule (sqrt: lr x sqrt(batch size)).</summary>
    public static double? ScaledLearningRate(PlanRequest request) => request.LearningRate switch
    {
        null => null,
        double lr when request.Scaling == LearningRateScaling.Sqrt => lr * Math.Sqrt(request.BatchSize),
        double lr => lr,
    };

    /// <summary>The plain-text summary printed by <c>plan</c> and at the start of every training run.</summary>
    public IReadOnlyList<string> Describe()
    {
        var lines = new List<string>();
        long images = Request.Subsets.Sum(s => (long)s.Images);
        string repeats = Request.Subsets.Count == 1
            ? $"{images} images x {Request.Subsets[0].Repeats} repeats"
            : string.Join(" + ", Request.Subsets.Select(s => $"{s.Images} x {s.Repeats}")) + " (images x repeats)";
        lines.Add($"samples per epoch: {repeats} = {SamplesPerEpoch}");
        string gpus = Request.Gpus == 1 ? "1 GPU" : $"{Request.Gpus} GPUs";
        lines.Add($"samples per step:  batch {Request.BatchSize} x {gpus} x grad-accum {Request.GradientAccumulation} = {SamplesPerStep}");
        string perGpu = Request.Gpus > 1 ? " (on each GPU, all stepping together)" : "";
        lines.Add($"steps per epoch:   {SamplesPerEpoch} / {SamplesPerStep} = {Format(StepsPerEpoch)}{perGpu}");
        string total = $"{Request.Epochs} epochs x {SamplesPerEpoch} samples / {SamplesPerStep}";
        if (SamplesPerEpoch * Request.Epochs % SamplesPerStep != 0)
        {
            total = $"ceil({total}); the last step is short";
        }
        lines.Add($"total steps:       {total} = {TotalSteps}");
        if (LearningRate is { } lr)
        {
            string rule = Request.Scaling == LearningRateScaling.Sqrt
                ? $" (sqrt({Request.BatchSize}) x {Format(Request.LearningRate!.Value)})"
                : "";
            lines.Add($"learning rate:     {Format(lr)}{rule}");
        }
        return lines;
    }

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
