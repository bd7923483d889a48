namespace EpochCompare.Imaging.Drawing;

/// <summary>Which points a closed path covers when contours overlap or nest.</summary>
public enum FillRule
{
    /// <summary>Covered where the winding number is not zero (overlaps of same-direction contours stay filled).</summary>
    NonZero,

    /// <summary>Covered where the winding number is odd (every overlap toggles).</summary>
    EvenOdd,
}
