namespace EpochCompare.Training.Data;

/// <summary>
/// kohya's caption rule: <c>&lt;image name&gt;&lt;caption extension&gt;</c> beside the image, UTF-8, first line,
/// trimmed; without a caption file the folder's class tokens are the caption.
/// </summary>
internal static class CaptionReader
{
    public static string Read(string imagePath, string captionExtension, string fallback)
    {
        string captionPath = Path.ChangeExtension(imagePath, captionExtension);
        if (!File.Exists(captionPath))
        {
            return fallback;
        }
        string firstLine = (File.ReadLines(captionPath).FirstOrDefault() ?? "").Trim();
        if (firstLine.Length == 0)
        {
            throw new DatasetException(captionPath, "caption file is empty (delete it to use the folder's class tokens)");
        }
        return firstLine;
    }
}
