namespace EpochCompare.Imaging.Formats;

/// <summary>An image found under a folder: its path relative to that folder ('/'-separated) and its pixels.</summary>
public sealed record FolderImage(string RelativePath, RgbaImage Image);

/// <summary>Every image we read under a folder (e.g. a training set to compare samples against).</summary>
public static class ImageFolder
{
    public static IReadOnlyList<string> Extensions => ImageFile.Extensions;

    // Image formats people keep datasets in that we do not decode: said out loud rather than silently missed.
    private static readonly string[] UnsupportedImageExtensions = [".tif", ".tiff", ".avif", ".heic", ".jxl"];

    /// <summary>
    /// Loads every PNG/JPEG/WebP/GIF/BMP below <paramref name="directory"/> (recursive, ordinal path order, so
    /// ids are stable). Other image formats are skipped with a warning; an unreadable image throws, naming the file.
    /// </summary>
    public static IReadOnlyList<FolderImage> LoadAll(string directory, List<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory}: image folder not found.");
        }
        var images = new List<FolderImage>();
        foreach (string path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string extension = Path.GetExtension(path).ToLowerInvariant();
            if (Extensions.Contains(extension))
            {
                images.Add(new FolderImage(Path.GetRelativePath(directory, path).Replace('\\', '/'), ImageFile.Load(path)));
            }
            else if (UnsupportedImageExtensions.Contains(extension))
            {
                warnings.Add($"{path}: skipped, only PNG, JPEG, WebP, GIF and BMP images are read.");
            }
        }
        return images;
    }
}
