using EpochCompare.Imaging.Formats;

namespace EpochCompare.Imaging.Grids;

/// <summary>One rendered grid image with its metadata; <c>Columns</c> are indices into the source grid.</summary>
public sealed record GridPage(
    int PromptIndex,
    int Number,
    int PageCount,
    IReadOnlyList<int> Columns,
    RgbaImage Image,
    string Parameters,
    string Manifest)
{
    /// <summary>prompt00.png, or prompt00_page2of3.png when the grid was split.</summary>
    public string FileName => FileNameFor(ImageFormat.Png);

    /// <summary>The file name with the extension of <paramref name="format"/> (prompt00.webp, ...).</summary>
    public string FileNameFor(ImageFormat format) => PageCount > 1
        ? $"prompt{PromptIndex:D2}_page{Number}of{PageCount}{format.Extension()}"
        : $"prompt{PromptIndex:D2}{format.Extension()}";
}
