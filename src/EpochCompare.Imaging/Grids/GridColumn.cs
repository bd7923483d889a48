namespace EpochCompare.Imaging.Grids;

public enum ColumnKind
{
    /// <summary>The base model without the LoRA: the reference every epoch is compared with.</summary>
    Base,
    Epoch,
    Step,
}

/// <summary>One grid column: the base model, or the LoRA at an epoch or a training step.</summary>
public sealed record GridColumn(ColumnKind Kind, int Value = 0)
{
    public static GridColumn Base { get; } = new(ColumnKind.Base);

    public static GridColumn Epoch(int epoch) => new(ColumnKind.Epoch, epoch);

    public static GridColumn Step(int step) => new(ColumnKind.Step, step);

    public bool IsBase => Kind == ColumnKind.Base;

    public string Label => Kind switch
    {
        ColumnKind.Base => "Base",
        ColumnKind.Epoch => $"Epoch {Value}",
        _ => $"Step {Value}",
    };
}
