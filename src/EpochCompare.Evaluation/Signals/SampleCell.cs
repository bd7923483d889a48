using EpochCompare.Imaging;

namespace EpochCompare.Evaluation.Signals;

/// <summary>
/// One sample image of the grid: prompt, checkpoint (0 = the base model without the LoRA) and seed.
/// <paramref name="Source"/> is what the user knows the image by (a relative file name).
/// </summary>
public sealed record SampleCell(string PromptId, int Epoch, int Seed, RgbaImage Image, string Source);

/// <summary>One training image, known by <paramref name="Id"/> (its file name relative to the data folder).</summary>
public sealed record TrainingImage(string Id, RgbaImage Image);
