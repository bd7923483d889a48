using EpochCompare.Imaging.Formats.Png;
using EpochCompare.Imaging.Text;

namespace EpochCompare.Imaging.Grids;

/// <summary>Renders a prompt's grid into one or more labeled pages and saves them as PNG with metadata.</summary>
public static class GridRenderer
{
    public static IReadOnlyList<GridPage> Render(PromptGrid grid, GridOptions? options = null)
    {
        options ??= GridOptions.Default;
        ITypeface typeface = options.Typeface ?? FontLocator.Resolve();
        GridPlanner.Plan plan = GridPlanner.Create(grid, options, typeface);
        var pages = new List<GridPage>(plan.Pages.Count);
        for (int p = 0; p < plan.Pages.Count; p++)
        {
            int number = p + 1, count = plan.Pages.Count;
            GridLayout layout = GridLayout.Create(grid, plan.Pages[p], plan.CellWidth, plan.CellHeight, typeface, options, number, count);
            RgbaImage image = new GridPainter(grid, layout, options).Paint();
            pages.Add(new GridPage(grid.PromptIndex, number, count, layout.Columns, image,
                GridMetadata.Parameters(grid, layout, number, count),
                GridMetadata.Manifest(grid, layout, number, count)));
        }
        return pages;
    }

    /// <summary>Writes a page as PNG (atomically) with a tEXt/iTXt <c>parameters</c> chunk and an iTXt JSON manifest.</summary>
    public static void Save(GridPage page, string path)
    {
        PngEncoder.Save(page.Image, path, EncoderOptions(page));
    }

    public static byte[] Encode(GridPage page) => PngEncoder.Encode(page.Image, EncoderOptions(page));

    private static PngEncoderOptions EncoderOptions(GridPage page) => new()
    {
        Texts =
        [
            PngText.Auto(GridMetadata.ParametersKeyword, page.Parameters),
            new PngText(GridMetadata.ManifestKeyword, page.Manifest, International: true),
        ],
    };
}
