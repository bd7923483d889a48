namespace EpochCompare.Training.Sampling;

/// <summary>
/// When a run samples, by kohya's rule: at the end of every epoch divisible by <see cref="EveryNEpochs"/>,
/// and at epoch 0 (before the first step, the base column) with <see cref="AtFirst"/>.
/// </summary>
public sealed record SampleSchedule(int EveryNEpochs, bool AtFirst)
{
    public bool IsDue(int epoch) => epoch == 0 ? AtFirst : EveryNEpochs > 0 && epoch % EveryNEpochs == 0;

    /// <summary>No sampling during training (the prompts may still be used by <c>--grid</c> afterwards).</summary>
    public bool IsEmpty => !AtFirst && EveryNEpochs == 0;
}
