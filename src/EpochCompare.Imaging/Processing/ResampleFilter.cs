namespace EpochCompare.Imaging.Processing;

/// <summary>Reconstruction filters for <see cref="Resampler"/>.</summary>
public enum ResampleFilter
{
    /// <summary>Pixel-area averaging: each output pixel is the mean of the source area it covers.</summary>
    Area,

    /// <summary>Keys cubic with a = -0.5 (Catmull-Rom), support 2.</summary>
    Bicubic,

    /// <summary>Lanczos windowed sinc, support 3.</summary>
    Lanczos3,
}
