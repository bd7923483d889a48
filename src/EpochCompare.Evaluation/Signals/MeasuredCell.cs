using EpochCompare.Evaluation.Features;

namespace EpochCompare.Evaluation.Signals;

/// <summary>A sample image with its features.</summary>
public sealed record MeasuredCell(SampleCell Cell, ImageFeatures Features);
