using EpochCompare.Evaluation.Grids;
using EpochCompare.Evaluation.Signals;
using EpochCompare.Evaluation.Tests.Signals;
using EpochCompare.Imaging.Grids;

namespace EpochCompare.Evaluation.Tests.Grids;

public class VerdictMarksTests
{
    private static PromptGrid ProbeGrid()
    {
        var columns = SyntheticRun.Epochs.Select(e => e == 0 ? GridColumn.Base : GridColumn.Epoch(e)).ToList();
        var rows = Enumerable.Range(1, SyntheticRun.Seeds).Select(s => new GridRow(s)).ToList();
        var grid = new PromptGrid("a probe prompt", columns, rows);
        for (int c = 0; c < columns.Count; c++)
        {
            for (int r = 0; r < rows.Count; r++)
            {
                grid.SetImage(r, c, SyntheticRun.ProbeImage(SyntheticRun.Epochs[c], r + 1), new CellSource(File: $"e{SyntheticRun.Epochs[c]}_s{r + 1}.png"));
            }
        }
        return grid;
    }

    [Fact]
    public void GridCellsCarryCheckpointSeedAndSource()
    {
        var cells = GridCells.From(ProbeGrid(), SyntheticRun.Probe);
        Assert.Equal(SyntheticRun.Epochs.Length * SyntheticRun.Seeds, cells.Count);
        Assert.Contains(cells, c => c.Epoch == 0 && c.Seed == 3 && c.Source == "e0_s3.png");
        Assert.Contains(cells, c => c.Epoch == 250 && c.Seed == 4);
    }

    [Fact]
    public void OverfitColumnsAreRedBlipsAmberAndTheRecommendedGreen()
    {
        EvaluationResult result = SyntheticRun.Result.Value;
        PromptGrid grid = ProbeGrid();
        VerdictMarks.Apply(grid, SyntheticRun.Probe, result);
        int Column(int epoch) => Array.IndexOf(SyntheticRun.Epochs, epoch);
        Assert.Equal(ColumnMarkKind.None, grid.MarkOf(Column(0)).Kind);
        Assert.Equal(ColumnMarkKind.Suspect, grid.MarkOf(Column(50)).Kind);
        Assert.Equal(ColumnMarkKind.Recommended, grid.MarkOf(Column(result.Overall.RecommendedEpoch!.Value)).Kind);
        Assert.All(SyntheticRun.Epochs.Where(e => e >= 175), e => Assert.Equal(ColumnMarkKind.Overfit, grid.MarkOf(Column(e)).Kind));
        Assert.Equal(ColumnMarkKind.None, grid.MarkOf(Column(125)).Kind);
        Assert.Contains("overfit", grid.MarkOf(Column(175)).Caption);
        Assert.StartsWith("s", grid.EvidenceOf(Column(175))!.Text);
        Assert.Null(grid.EvidenceOf(Column(0)));
    }

    [Fact]
    public void MarkedGridRenders()
    {
        PromptGrid grid = ProbeGrid();
        VerdictMarks.Apply(grid, SyntheticRun.Probe, SyntheticRun.Result.Value);
        var pages = GridRenderer.Render(grid, new GridOptions { CellSize = 64 });
        Assert.NotEmpty(pages);
        Assert.Contains("overfit", pages[0].Manifest);
    }
}
