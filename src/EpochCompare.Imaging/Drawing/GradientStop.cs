namespace EpochCompare.Imaging.Drawing;

/// <summary>A color at a position 0..1 along a gradient.</summary>
public readonly record struct GradientStop(float Offset, Rgba32 Color);
