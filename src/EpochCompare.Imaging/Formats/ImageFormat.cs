namespace EpochCompare.Imaging.Formats;

/// <summary>The formats grids and samples are written in.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
    Webp,
}

/// <summary>Names and file extensions of <see cref="ImageFormat"/> (as <c>--format png|jpg|webp</c> takes them).</summary>
public static class ImageFormats
{
    public static string Extension(this ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => ".jpg",
        ImageFormat.Webp => ".webp",
        _ => ".png",
    };

    /// <summary>png, jpg (or jpeg) and webp, any case; null for anything else.</summary>
    public static ImageFormat? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "png" => ImageFormat.Png,
        "jpg" or "jpeg" => ImageFormat.Jpeg,
        "webp" => ImageFormat.Webp,
        _ => null,
    };
}
