namespace EpochCompare.Training.Planning;

/// <summary>Everything the epoch/step math needs: the dataset sizes and how samples are grouped into steps.</summary>
public sealed record PlanRequest
{
    public required IReadOnlyList<DatasetSubsetSize> Subsets { get; init; }
    public required int Epochs { get; init; }
    public int BatchSize { get; init; } = 1;
    public int Gpus { get; init; } = 1;
    public int GradientAccumulation { get; init; } = 1;

    /// <summary>The learning rate at batch size 1, if one was given.</summary>
    public double? LearningRate { get; init; }

    public LearningRateScaling Scaling { get; init; } = LearningRateScaling.None;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first value that cannot make a plan.</summary>
    public void Validate()
    {
        if (Subsets.Count == 0)
        {
            throw new ArgumentException("The plan needs at least one image folder.");
        }
        foreach (DatasetSubsetSize subset in Subsets)
        {
            if (subset.Images < 1)
            {
                throw new ArgumentException($"Image count must be at least 1, got {subset.Images}.");
            }
            if (subset.Repeats < 1)
            {
                throw new ArgumentException($"Repeats must be at least 1, got {subset.Repeats}.");
            }
        }
        RequirePositive(Epochs, "Epochs");
        RequirePositive(BatchSize, "Batch size");
        RequirePositive(Gpus, "GPU count");
        RequirePositive(GradientAccumulation, "Gradient accumulation");
        if (LearningRate is { } lr && !(lr > 0 && double.IsFinite(lr)))
        {
            throw new ArgumentException($"Learning rate must be a positive number, got {lr}.");
        }
    }

    private static void RequirePositive(int value, string what)
    {
        if (value < 1)
        {
            throw new ArgumentException($"{what} must be at least 1, got {value}.");
        }
    }
}
