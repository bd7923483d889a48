using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Samples;

namespace EpochCompare.Imaging.Tests.Samples;

public sealed class SampleGridSetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ec-samples-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Touch(params string[] names)
    {
        foreach (string name in names)
        {
            File.WriteAllBytes(System.IO.Path.Combine(_dir, name), []);
        }
    }

    [Fact]
    public void KohyaFolderBecomesOneGridPerPromptWithBaseFirstAndSortedEpochs()
    {
        Touch("x_e000000_00_20240101000000_1.png", "x_e000000_00_20240101000000_2.png",
              "x_e000100_00_20240101000000_1.png", "x_e000025_00_20240101000000_1.png", "x_e000025_00_20240101000000_2.png",
              "x_e000025_01_20240101000000_1.png", "readme.txt");
        var warnings = new List<string>();
        var grids = SampleGridSet.Group(SampleFolder.Scan(_dir), ColumnSelection.All, warnings);
        Assert.Equal(2, grids.Count);
        SampleGridFiles first = grids[0];
        Assert.Equal(["Base", "Epoch 25", "Epoch 100"], first.Columns.Select(c => c.Label));
        Assert.Equal([1L, 2L], first.Rows.Select(r => r.Seed));
        Assert.Null(first.Files[1, 2]); // epoch 100 seed 2 is missing: a placeholder, not a dropped column
        Assert.EndsWith("x_e000025_00_20240101000000_2.png", first.Files[1, 1]);
        Assert.Equal(["Epoch 25"], grids[1].Columns.Select(c => c.Label)); // prompt 1 has no base sample
        Assert.Contains("--prompts", Assert.Single(warnings)); // two kohya lines, no prompt file: they may be one prompt
    }

    [Fact]
    public void WebpAndBmpSamplesJoinTheGridAndGifsDoNot()
    {
        Touch("e0_s1.webp", "e25_s1.png", "e50_s1.bmp", "e75_s1.gif");
        var grid = Assert.Single(SampleGridSet.Group(SampleFolder.Scan(_dir), ColumnSelection.All, []));
        Assert.Equal(["Base", "Epoch 25", "Epoch 50"], grid.Columns.Select(c => c.Label));
        Assert.EndsWith("e0_s1.webp", grid.Files[0, 0]);
        Assert.EndsWith("e50_s1.bmp", grid.Files[0, 2]);
    }

    [Fact]
    public void SelectionKeepsListedEpochsOrEveryNth()
    {
        Touch("e0_s1.png", "e25_s1.png", "e50_s1.png", "e75_s1.png", "e100_s1.png");
        var folder = SampleFolder.Scan(_dir);
        var listed = SampleGridSet.Group(folder, new ColumnSelection([50, 100]), []);
        Assert.Equal(["Base", "Epoch 50", "Epoch 100"], listed[0].Columns.Select(c => c.Label));
        var everySecond = SampleGridSet.Group(folder, new ColumnSelection(Every: 2), []);
        Assert.Equal(["Base", "Epoch 50", "Epoch 100"], everySecond[0].Columns.Select(c => c.Label));
        var ex = Assert.Throws<ArgumentException>(() => SampleGridSet.Group(folder, new ColumnSelection([30]), []));
        Assert.Contains("available: 25, 50, 75, 100", ex.Message);
    }

    [Fact]
    public void DuplicateCellsKeepTheNewestRun()
    {
        Touch("x_e000025_00_20240101000000_1.png", "x_e000025_00_20240301000000_1.png");
        var warnings = new List<string>();
        var grid = Assert.Single(SampleGridSet.Group(SampleFolder.Scan(_dir), ColumnSelection.All, warnings));
        Assert.EndsWith("20240301000000_1.png", grid.Files[0, 0]);
        Assert.Contains(warnings, w => w.Contains("duplicate"));
    }

    [Fact]
    public void AFolderWithNothingRecognisableIsAClearErrorListingWhatWasFound()
    {
        Touch("holiday.png", "notes.txt", "IMG_0001.jpg");
        var ex = Assert.Throws<InvalidDataException>(() => SampleGridSet.Group(SampleFolder.Scan(_dir), ColumnSelection.All, []));
        Assert.StartsWith(_dir, ex.Message);
        Assert.Contains("found 3 file(s): holiday.png, IMG_0001.jpg, notes.txt", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void PromptFilesDropOptionsAndComments()
    {
        string path = System.IO.Path.Combine(_dir, "prompts.txt");
        File.WriteAllLines(path, ["# samples", "ohwx car, 3D render --w 1024 --h 1024 --d 1", "", "ohwx revolver --n blurry --role probe", "ohwx car --seed 9"]);
        Assert.Equal([new PromptLine(0, "ohwx car, 3D render", 1), new PromptLine(1, "ohwx revolver", null), new PromptLine(2, "ohwx car", 9)], PromptFile.Read(path));
    }
}
