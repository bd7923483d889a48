using EpochCompare.Evaluation.Signals;
using EpochCompare.Imaging.Grids;

namespace EpochCompare.Evaluation.Grids;

/// <summary>The bridge from a loaded grid (what <c>grid</c>, <c>demo</c> and <c>train --grid</c> build) to the metric cells.</summary>
public static class GridCells
{
    /// <summary>
    /// Every present cell of <paramref name="grid"/> as a <see cref="SampleCell"/> of <paramref name="promptId"/>:
    /// the base column is checkpoint 0, other columns their epoch or step number. Missing cells are skipped.
    /// </summary>
    public static IReadOnlyList<SampleCell> From(PromptGrid grid, string promptId)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var cells = new List<SampleCell>();
        for (int c = 0; c < grid.Columns.Count; c++)
        {
            GridColumn column = grid.Columns[c];
            int checkpoint = column.IsBase ? 0 : column.Value;
            for (int r = 0; r < grid.Rows.Count; r++)
            {
                GridCell cell = grid[r, c];
                if (cell.Image is null)
                {
                    continue;
                }
                long seed = grid.Rows[r].Seed;
                if (seed is < int.MinValue or > int.MaxValue)
                {
                    throw new ArgumentException($"Grid '{promptId}': seed {seed} does not fit the metrics' 32-bit seed.");
                }
                string source = cell.Source?.File ?? $"{promptId}/{column.Label}/{grid.Rows[r].DisplayLabel}";
                cells.Add(new SampleCell(promptId, checkpoint, (int)seed, cell.Image, source));
            }
        }
        return cells;
    }

    /// <summary>"epoch" or "step", from the grid's first non-base column.</summary>
    public static string CheckpointUnit(PromptGrid grid) =>
        grid.Columns.FirstOrDefault(c => !c.IsBase)?.Kind == ColumnKind.Step ? "step" : "epoch";
}
