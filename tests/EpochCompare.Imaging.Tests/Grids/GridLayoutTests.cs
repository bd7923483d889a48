using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Text;

namespace EpochCompare.Imaging.Tests.Grids;

public class GridLayoutTests
{
    private static readonly GridOptions Options = new() { Typeface = Typeface.Default };

    [Fact]
    public void FontSizeFollowsTheA1111RuleAndGapsScaleWithCells()
    {
        PromptGrid grid = GridTestData.Epochs(3, 2, 8);
        GridLayout small = GridLayout.Create(grid, [0, 1, 2, 3], 256, 256, Typeface.Default, Options);
        GridLayout large = GridLayout.Create(grid, [0, 1, 2, 3], 1024, 1024, Typeface.Default, Options);
        Assert.Equal((256 + 256) / 25f, small.LabelFont.Size, 3);
        Assert.Equal((1024 + 1024) / 25f, large.LabelFont.Size, 3);
        Assert.True(large.Gap > small.Gap);
    }

    [Fact]
    public void BaseColumnIsSetApartByAWiderGapAndASeparator()
    {
        PromptGrid grid = GridTestData.Epochs(3, 2, 8);
        GridLayout layout = GridLayout.Create(grid, [0, 1, 2, 3], 200, 200, Typeface.Default, Options);
        int baseGap = layout.CellRects[0, 1].X - layout.CellRects[0, 0].Right;
        int epochGap = layout.CellRects[0, 2].X - layout.CellRects[0, 1].Right;
        Assert.True(baseGap >= 2 * epochGap, $"base gap {baseGap} vs {epochGap}");
        var separator = Assert.NotNull(layout.BaseSeparator);
        Assert.True(separator.X >= layout.CellRects[0, 0].Right && separator.Right <= layout.CellRects[0, 1].X);
    }

    [Fact]
    public void NothingOverlapsAndEverythingIsOnThePage()
    {
        PromptGrid grid = GridTestData.Epochs(5, 3, 8);
        grid.SetEvidence(2, new ColumnEvidence("drift 0.2", 0.2f));
        GridLayout layout = GridLayout.Create(grid, [0, 1, 2, 3, 4, 5], 128, 96, Typeface.Default, Options);
        var rects = new List<PixelRect>(layout.HeaderRects);
        rects.AddRange(layout.RowLabelRects);
        rects.AddRange(layout.RightRowLabelRects);
        rects.AddRange(layout.EvidenceRects);
        foreach (PixelRect cell in layout.CellRects)
        {
            rects.Add(cell);
        }
        rects.Add(layout.TitleBand);
        var page = new PixelRect(0, 0, layout.Width, layout.Height);
        for (int i = 0; i < rects.Count; i++)
        {
            Assert.Equal(rects[i], rects[i].Intersect(page));
            for (int j = i + 1; j < rects.Count; j++)
            {
                Assert.True(rects[i].Intersect(rects[j]).IsEmpty, $"{rects[i]} overlaps {rects[j]}");
            }
        }
    }

    [Fact]
    public void WidePagesRepeatTheRowLabelsOnTheRight()
    {
        PromptGrid grid = GridTestData.Epochs(20, 2, 8);
        int[] all = [.. Enumerable.Range(0, 21)];
        GridLayout wide = GridLayout.Create(grid, all, 64, 64, Typeface.Default, Options);
        Assert.Equal(2, wide.RightRowLabelRects.Length);
        Assert.True(wide.RightRowLabelRects[0].X >= wide.CellRects[0, 20].Right);
        Assert.True(wide.RightRowLabelRects[0].Right <= wide.Width);
        GridLayout narrow = GridLayout.Create(grid, [0, 1, 2], 64, 64, Typeface.Default, Options);
        Assert.Empty(narrow.RightRowLabelRects);
    }

    [Fact]
    public void LongPromptsAreCutToTheLineLimitWithAnEllipsis()
    {
        string prompt = string.Join(' ', Enumerable.Repeat("ohwx revolver engraved silver barrel", 30));
        var grid = new PromptGrid(prompt, [GridColumn.Base, GridColumn.Epoch(25)], [new GridRow(1)]);
        GridLayout layout = GridLayout.Create(grid, [0, 1], 256, 256, Typeface.Default, Options with { TitleMaxLines = 2 });
        Assert.Equal(2, layout.TitleLines.Count);
        Assert.EndsWith("...", layout.TitleLines[1]);
        Assert.All(layout.TitleLines, line => Assert.True(layout.TitleFont.MeasureWidth(line) <= layout.TitleBand.Width));
    }
}
