using EpochCompare.Imaging.Text;

namespace EpochCompare.Imaging.Grids;

/// <summary>
/// The size guard: picks the cell size and splits columns into pages so no page exceeds the limits.
/// It first shrinks cells (down to <see cref="GridOptions.MinCellSize"/>), then splits the non-base
/// columns into balanced pages, each page repeating the base column.
/// </summary>
public static class GridPlanner
{
    public const int DefaultCellSize = 256;

    public sealed record Plan(int CellWidth, int CellHeight, IReadOnlyList<IReadOnlyList<int>> Pages);

    public static Plan Create(PromptGrid grid, GridOptions options, Typeface typeface)
    {
        (int w, int h) = grid.NativeCellSize() ?? (DefaultCellSize, DefaultCellSize);
        if (options.CellSize is int target)
        {
            if (target < 16)
            {
                throw new ArgumentOutOfRangeException(nameof(options), $"Cell size must be at least 16 px, got {target}.");
            }
            (w, h) = ScaleTo(w, h, target);
        }
        int[] others = [.. Enumerable.Range(grid.HasBaseColumn ? 1 : 0, grid.Columns.Count - (grid.HasBaseColumn ? 1 : 0))];
        int perPage = options.MaxColumnsPerPage > 0 ? Math.Min(options.MaxColumnsPerPage, others.Length) : others.Length;
        perPage = Math.Max(1, perPage);

        for (int attempt = 0; attempt < 64; attempt++)
        {
            GridLayout layout = GridLayout.Create(grid, PageColumns(grid, others.Take(perPage)), w, h, typeface, options);
            double areaRatio = options.MaxMegapixels / layout.Megapixels;
            double sideRatio = (double)options.MaxSide / Math.Max(layout.Width, layout.Height);
            double ratio = Math.Min(areaRatio, sideRatio * sideRatio);
            if (ratio >= 1)
            {
                break;
            }
            int longest = Math.Max(w, h);
            if (longest > options.MinCellSize)
            {
                int shrunk = Math.Max(options.MinCellSize, Math.Min(longest - 1, (int)(longest * Math.Sqrt(ratio) * 0.98)));
                (w, h) = ScaleTo(w, h, shrunk);
            }
            else if (perPage > 1)
            {
                perPage = Math.Max(1, Math.Min(perPage - 1, (int)(perPage * Math.Min(areaRatio, sideRatio))));
            }
            else
            {
                break; // one column per page at the smallest cell: nothing left to give
            }
        }
        return new Plan(w, h, Paginate(grid, others, perPage));
    }

    private static IReadOnlyList<IReadOnlyList<int>> Paginate(PromptGrid grid, int[] others, int perPage)
    {
        if (others.Length == 0)
        {
            return [PageColumns(grid, [])];
        }
        // Balanced pages (39 columns at most 12 a page: 10, 10, 10, 9) read better than 12, 12, 12, 3.
        int pageCount = (others.Length + perPage - 1) / perPage;
        var pages = new List<IReadOnlyList<int>>(pageCount);
        int start = 0;
        for (int p = 0; p < pageCount; p++)
        {
            int size = others.Length / pageCount + (p < others.Length % pageCount ? 1 : 0);
            pages.Add(PageColumns(grid, others.Skip(start).Take(size)));
            start += size;
        }
        return pages;
    }

    private static int[] PageColumns(PromptGrid grid, IEnumerable<int> columns) =>
        grid.HasBaseColumn ? [0, .. columns] : [.. columns];

    private static (int W, int H) ScaleTo(int w, int h, int longest)
    {
        double f = (double)longest / Math.Max(w, h);
        return (Math.Max(1, (int)Math.Round(w * f)), Math.Max(1, (int)Math.Round(h * f)));
    }
}
