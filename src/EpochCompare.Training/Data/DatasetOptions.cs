namespace EpochCompare.Training.Data;

/// <summary>How a kohya-style image folder is read.</summary>
public sealed record DatasetOptions
{
    public required string Root { get; init; }

    /// <summary>Training width and height in pixels; images are scaled to cover it and center-cropped (no aspect buckets).</summary>
    public required int Width { get; init; }
    public required int Height { get; init; }

    /// <summary>Caption file extension beside each image (a missing leading dot is added).</summary>
    public string CaptionExtension { get; init; } = ".txt";

    public BadDataPolicy OnBadData { get; init; } = BadDataPolicy.Stop;

    /// <summary>What kohya trains on: PNG, JPEG, WebP and BMP, in any case.</summary>
    public static IReadOnlyList<string> ImageExtensions => EpochCompare.Imaging.Formats.ImageFile.KohyaExtensions;

    public string NormalizedCaptionExtension => CaptionExtension.StartsWith('.') ? CaptionExtension : "." + CaptionExtension;
}
