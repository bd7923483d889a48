namespace EpochCompare.Training.Schedules;

/// <summary>The schedulers of transformers' <c>get_scheduler</c> that kohya exposes as <c>--lr_scheduler</c>.</summary>
public enum LearningRateSchedulerKind
{
    Constant,
    ConstantWithWarmup,
    Linear,
    Cosine,
    CosineWithRestarts,
    Polynomial,
}
