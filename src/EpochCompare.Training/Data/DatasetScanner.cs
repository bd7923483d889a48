namespace EpochCompare.Training.Data;

/// <summary>
/// Finds the training images of a kohya folder: every subfolder <c>N_trigger class</c> of the root, its
/// PNG/JPEG/WebP/BMP files (kohya's image extensions, sorted by name, so the order never depends on the file system) and their captions.
/// </summary>
public static class DatasetScanner
{
    public static IReadOnlyList<DatasetImage> Scan(DatasetOptions options, Action<string> warn)
    {
        if (!Directory.Exists(options.Root))
        {
            throw new DatasetException(options.Root, "dataset folder does not exist");
        }
        var images = new List<DatasetImage>();
        var folders = Directory.GetDirectories(options.Root).OrderBy(Path.GetFileName, StringComparer.Ordinal).ToList();
        if (folders.Count == 0)
        {
            throw new DatasetException(options.Root,
                "no image folders; put the images in subfolders named '<repeats>_<trigger> <class>', e.g. '10_ohwx style'");
        }
        foreach (string folder in folders)
        {
            string name = Path.GetFileName(folder);
            if (!KohyaFolderName.TryParse(name, out KohyaFolderName? parsed))
            {
                Report(options, warn, new DatasetException(folder,
                    "folder name has no repeat count; name it '<repeats>_<trigger> <class>', e.g. '10_ohwx style'"));
                continue;
            }
            var files = Directory.GetFiles(folder)
                .Where(IsImage)
                .OrderBy(Path.GetFileName, StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
            {
                Report(options, warn, new DatasetException(folder, $"folder contains no images ({string.Join(", ", DatasetOptions.ImageExtensions)})"));
                continue;
            }
            foreach (string file in files)
            {
                try
                {
                    string caption = CaptionReader.Read(file, options.NormalizedCaptionExtension, parsed!.ClassTokens);
                    images.Add(new DatasetImage(file, caption, parsed.Repeats, name));
                }
                catch (DatasetException problem)
                {
                    Report(options, warn, problem);
                }
            }
        }
        if (images.Count == 0)
        {
            throw new DatasetException(options.Root, "no usable training images");
        }
        return images;
    }

    internal static void Report(DatasetOptions options, Action<string> warn, DatasetException problem)
    {
        if (options.OnBadData == BadDataPolicy.Stop)
        {
            throw problem;
        }
        warn($"skipping {problem.Message}");
    }

    private static bool IsImage(string path) =>
        DatasetOptions.ImageExtensions.Contains(Path.GetExtension(path).ToLowerInvariant());
}
