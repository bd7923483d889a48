using EpochCompare.Imaging.Grids;

namespace EpochCompare.Imaging.Samples;

/// <summary>
/// What a sample image says about itself (its name, its folder or its embedded metadata): which prompt,
/// which column (base, epoch or step), which seed.
/// </summary>
public sealed record SampleName(
    SampleNaming Naming,
    int PromptIndex,
    ColumnKind Kind,
    int Value,
    long? Seed,
    string Timestamp = "")
{
    /// <summary>The prompt text when the image itself tells it (metadata, OneTrainer's folder, SimpleTuner's shortname).</summary>
    public string? Prompt { get; init; }

    /// <summary>Which image of its prompt this is when no seed is known (SimpleTuner's index per resolution).</summary>
    public int? Variant { get; init; }

    /// <summary>What tells this image's row apart when no seed is known (SimpleTuner: the resolution); wins over <see cref="Variant"/>.</summary>
    public string? VariantLabel { get; init; }

    /// <summary>The grid column: epoch 0 / step 0 (kohya's --sample_at_first, ai-toolkit's baseline) is the base model.</summary>
    public GridColumn Column => Kind == ColumnKind.Base || Value == 0 ? GridColumn.Base : new GridColumn(Kind, Value);

    /// <summary>True when <see cref="PromptIndex"/> is a position in a prompt list (kohya line, ai-toolkit index, our p{N}).</summary>
    public bool HasPromptIndex => Naming is SampleNaming.Kohya or SampleNaming.AiToolkit or SampleNaming.Plain or SampleNaming.OneTrainer;
}

/// <summary>The naming scheme a sample was recognised by.</summary>
public enum SampleNaming
{
    /// <summary>kohya sd-scripts: {name}_e000025_00_{yyyyMMddHHmmss}_{seed}.png, or {name}_002500_00_... for steps.</summary>
    Kohya,
    /// <summary>ostris ai-toolkit: {time}__{step:09d}_{index}.jpg.</summary>
    AiToolkit,
    /// <summary>Short names: e25_s1.png, epoch25_seed1_p0.png, step2500_s2.jpg, base_s1.png.</summary>
    Plain,
    /// <summary>SimpleTuner validation_images/: step_{step}_{shortname}_{idx}_{W}x{H}.png, base {shortname}_{W}x{H}.png.</summary>
    SimpleTuner,
    /// <summary>OneTrainer samples/{i} - {prompt}/{date}-training-sample-{step}-{epoch}-{epoch_step}.jpg.</summary>
    OneTrainer,
    /// <summary>Any name, told by embedded generation metadata (A1111/Forge, ComfyUI, SwarmUI).</summary>
    Metadata,
}
