using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Formats.Png;
using EpochCompare.Imaging.Text;

namespace EpochCompare.Imaging.Grids;

/// <summary>Renders a prompt's grid into one or more labeled pages and saves them as PNG with metadata.</summary>
public static class GridRenderer
{
    public static IReadOnlyList<GridPage> Render(PromptGrid grid, GridOptions? options = null)
    {
        options ??= GridOptions.Default;
        Typeface typeface = options.Typeface ?? Typeface.Default;
        GridPlanner.Plan plan = GridPlanner.Create(grid, options, typeface);
        var pages = new List<GridPage>(plan.Pages.Count);
        for (int p = 0; p < plan.Pages.Count; p++)
        {
            int number = p + 1, count = plan.Pages.Count;
            GridLayout layout = GridLayout.Create(grid, plan.Pages[p], plan.CellWidth, plan.CellHeight, typeface, options, number, count);
            RgbaImage image;
            using (var painter = new GridPainter(grid, layout))
            {
                image = painter.Paint();
            }
            pages.Add(new GridPage(grid.PromptIndex, number, count, layout.Columns, image,
                GridMetadata.Parameters(grid, layout, number, count),
                GridMetadata.Manifest(grid, layout, number, count)));
        }
        return pages;
    }

    /// <summary>
    /// Writes a page (atomically): as PNG with a tEXt/iTXt <c>parameters</c> chunk and an iTXt JSON manifest,
    /// as JPEG or WebP with the parameters as EXIF UserComment.
    /// </summary>
    public static void Save(GridPage page, string path, ImageEncoding? encoding = null)
    {
        byte[] bytes = Encode(page, encoding);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    public static byte[] Encode(GridPage page, ImageEncoding? encoding = null) =>
        ImageEncoder.Encode(page.Image, encoding ?? ImageEncoding.Png, Texts(page));

    private static PngText[] Texts(GridPage page) =>
    [
        PngText.Auto(GridMetadata.ParametersKeyword, page.Parameters),
        new PngText(GridMetadata.ManifestKeyword, page.Manifest, International: true),
    ];
}
