using EpochCompare.Imaging.Grids;

namespace EpochCompare.Imaging.Samples;

/// <summary>What a sample image's file name says: which prompt, which column (base, epoch or step), which seed.</summary>
public sealed record SampleName(
    SampleNaming Naming,
    int PromptIndex,
    ColumnKind Kind,
    int Value,
    long? Seed,
    string Timestamp = "")
{
    /// <summary>The grid column: epoch 0 / step 0 (kohya's --sample_at_first, ai-toolkit's baseline) is the base model.</summary>
    public GridColumn Column => Kind == ColumnKind.Base || Value == 0 ? GridColumn.Base : new GridColumn(Kind, Value);
}

/// <summary>The naming scheme a file name was recognised by.</summary>
public enum SampleNaming
{
    /// <summary>kohya sd-scripts: {name}_e000025_00_{yyyyMMddHHmmss}_{seed}.png, or {name}_002500_00_... for steps.</summary>
    Kohya,
    /// <summary>ostris ai-toolkit: {time}__{step:09d}_{index}.png.</summary>
    AiToolkit,
    /// <summary>Short names: e25_s1.png, epoch25_seed1_p0.png, step2500_s2.jpg, base_s1.png.</summary>
    Plain,
}
