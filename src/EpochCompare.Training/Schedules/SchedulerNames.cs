namespace EpochCompare.Training.Schedules;

/// <summary>kohya's spellings of the scheduler names (<c>--lr_scheduler cosine_with_restarts</c>).</summary>
public static class SchedulerNames
{
    private static readonly (string Name, LearningRateSchedulerKind Kind)[] Names =
    [
        ("constant", LearningRateSchedulerKind.Constant),
        ("constant_with_warmup", LearningRateSchedulerKind.ConstantWithWarmup),
        ("linear", LearningRateSchedulerKind.Linear),
        ("cosine", LearningRateSchedulerKind.Cosine),
        ("cosine_with_restarts", LearningRateSchedulerKind.CosineWithRestarts),
        ("polynomial", LearningRateSchedulerKind.Polynomial),
    ];

    public static IEnumerable<string> All => Names.Select(n => n.Name);

    public static LearningRateSchedulerKind Parse(string name)
    {
        foreach (var (known, kind) in Names)
        {
            if (string.Equals(known, name.Trim().Replace('-', '_'), StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }
        throw new ArgumentException($"Unknown learning-rate scheduler '{name}'; expected one of {string.Join(", ", All)}.");
    }

    public static string Name(LearningRateSchedulerKind kind) => Names.First(n => n.Kind == kind).Name;
}
