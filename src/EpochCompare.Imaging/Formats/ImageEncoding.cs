namespace EpochCompare.Imaging.Formats;

/// <summary>How an image is written: its format and, for JPEG and WebP, the quality (1-100).</summary>
public sealed record ImageEncoding
{
    public static ImageEncoding Png { get; } = new();

    public ImageFormat Format { get; init; } = ImageFormat.Png;

    /// <summary>JPEG and WebP quality 1-100 (WebP at 100 is lossless); PNG is always lossless. 90 as A1111's default.</summary>
    public int Quality
    {
        get;
        init => field = value is >= 1 and <= 100
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Quality), $"Quality must be 1-100, got {value}.");
    } = 90;
}
