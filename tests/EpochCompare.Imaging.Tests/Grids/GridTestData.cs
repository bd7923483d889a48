using EpochCompare.Imaging.Grids;

namespace EpochCompare.Imaging.Tests.Grids;

/// <summary>Small deterministic grids for the grid tests.</summary>
internal static class GridTestData
{
    public const string Prompt = "ohwx car, stylized 3D render, glossy red paint, studio lighting";

    /// <summary>A solid cell whose color encodes its position, so tests can find it in the output.</summary>
    public static RgbaImage Cell(int size, int row, int column) =>
        RgbaImage.Filled(size, size, new Rgba32((byte)(40 + 50 * row), (byte)(20 + 5 * column), 200));

    public static PromptGrid Epochs(int epochColumns, int seeds, int cellSize, params (int Row, int Column)[] missing)
    {
        var columns = new List<GridColumn> { GridColumn.Base };
        columns.AddRange(Enumerable.Range(1, epochColumns).Select(e => GridColumn.Epoch(25 * e)));
        var rows = Enumerable.Range(1, seeds).Select(s => new GridRow(s)).ToList();
        var grid = new PromptGrid(Prompt, columns, rows);
        for (int r = 0; r < seeds; r++)
        {
            for (int c = 0; c < columns.Count; c++)
            {
                if (!missing.Contains((r, c)))
                {
                    grid.SetImage(r, c, Cell(cellSize, r, c), new CellSource(File: $"e{c * 25}_s{r + 1}.png"));
                }
            }
        }
        return grid;
    }
}
