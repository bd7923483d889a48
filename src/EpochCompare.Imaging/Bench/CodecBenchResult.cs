namespace EpochCompare.Imaging.Bench;

/// <summary>One timed codec or processing operation: median milliseconds and, for encoders, output bytes.</summary>
public sealed record CodecBenchResult(string Name, double MedianMs, long? OutputBytes);
