using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Text;

namespace EpochCompare.Imaging.Tests.Grids;

public class GridPlannerTests
{
    private static PromptGrid SharedImageGrid(int epochColumns, int seeds, int size)
    {
        // One image object for every cell keeps the test light while the planner sees size x size cells.
        var image = new RgbaImage(size, size);
        var columns = new List<GridColumn> { GridColumn.Base };
        columns.AddRange(Enumerable.Range(1, epochColumns).Select(e => GridColumn.Epoch(25 * e)));
        var grid = new PromptGrid("p", columns, [.. Enumerable.Range(1, seeds).Select(s => new GridRow(s))]);
        for (int r = 0; r < seeds; r++)
        {
            for (int c = 0; c < columns.Count; c++)
            {
                grid.SetImage(r, c, image);
            }
        }
        return grid;
    }

    [Fact]
    public void SmallGridsStayOnePageAtNativeSize()
    {
        GridPlanner.Plan plan = GridPlanner.Create(SharedImageGrid(3, 4, 256), GridOptions.Default, Typeface.Default);
        Assert.Equal((256, 256), (plan.CellWidth, plan.CellHeight));
        Assert.Equal([0, 1, 2, 3], Assert.Single(plan.Pages));
    }

    [Fact]
    public void HugeRunsAreShrunkThenSplitWithTheBaseOnEveryPage()
    {
        // 40 columns x 4 seeds x 1024 px is ~168 MP at native size.
        PromptGrid grid = SharedImageGrid(39, 4, 1024);
        var options = new GridOptions { MaxMegapixels = 20, MaxSide = 8000, MinCellSize = 256 };
        GridPlanner.Plan plan = GridPlanner.Create(grid, options, Typeface.Default);
        Assert.Equal(256, plan.CellWidth);
        Assert.True(plan.Pages.Count > 1);
        Assert.All(plan.Pages, page => Assert.Equal(0, page[0]));
        Assert.Equal(Enumerable.Range(1, 39), plan.Pages.SelectMany(p => p.Skip(1)));
        int[] sizes = [.. plan.Pages.Select(p => p.Count - 1)];
        Assert.True(sizes.Max() - sizes.Min() <= 1, "pages are balanced");
        for (int p = 0; p < plan.Pages.Count; p++)
        {
            GridLayout layout = GridLayout.Create(grid, plan.Pages[p], plan.CellWidth, plan.CellHeight, Typeface.Default, options, p + 1, plan.Pages.Count);
            Assert.True(layout.Megapixels <= 20, $"page {p + 1}: {layout.Megapixels:0.0} MP");
            Assert.True(layout.Width <= 8000);
        }
    }

    [Fact]
    public void ColumnLimitGivesBalancedPages()
    {
        GridPlanner.Plan plan = GridPlanner.Create(SharedImageGrid(39, 2, 64), new GridOptions { MaxColumnsPerPage = 12 }, Typeface.Default);
        Assert.Equal([10, 10, 10, 9], plan.Pages.Select(p => p.Count - 1));
    }

    [Fact]
    public void RequestedCellSizeScalesKeepingTheAspect()
    {
        var grid = new PromptGrid("p", [GridColumn.Base], [new GridRow(7)]);
        grid.SetImage(0, 0, new RgbaImage(1024, 768));
        GridPlanner.Plan plan = GridPlanner.Create(grid, new GridOptions { CellSize = 256 }, Typeface.Default);
        Assert.Equal((256, 192), (plan.CellWidth, plan.CellHeight));
    }
}
