using EpochCompare.Imaging.Formats.Png;
using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Samples;
using EpochCompare.Imaging.Tests.Grids;

namespace EpochCompare.Imaging.Tests.Samples;

public sealed class SampleRunFolderTests : IDisposable
{
    private readonly string _run = Directory.CreateTempSubdirectory("ec-run-").FullName;

    public void Dispose() => Directory.Delete(_run, recursive: true);

    private string Folder(string relative)
    {
        string path = Path.Combine(_run, relative);
        Directory.CreateDirectory(path);
        return path;
    }

    private static void Touch(string folder, params string[] names)
    {
        foreach (string name in names)
        {
            File.WriteAllBytes(Path.Combine(folder, name), []);
        }
    }

    private static void WriteGrid(string folder)
    {
        foreach (GridPage page in GridRenderer.Render(GridTestData.Epochs(1, 1, 16)))
        {
            GridRenderer.Save(page, Path.Combine(folder, page.FileName));
        }
    }

    [Fact]
    public void ASamplesFolderIsItsOwnRun()
    {
        Touch(_run, "base_s1_p0.png", "e10_s1_p0.png");
        Folder("grids");
        var found = SampleRunFolder.Locate(_run + Path.DirectorySeparatorChar);
        Assert.Equal(new SampleRunFolder(_run, _run), found);
        Assert.False(found.Redirected(_run));
    }

    [Theory]
    [InlineData("samples")]
    [InlineData("sample")]
    public void ARunFolderLeadsToItsSampleSubfolder(string name)
    {
        string samples = Folder(name);
        Touch(samples, "x_e000010_00_20240101000000_1.png");
        WriteGrid(Folder("grids"));
        var found = SampleRunFolder.Locate(_run);
        Assert.Equal(new SampleRunFolder(samples, _run), found);
        Assert.True(found.Redirected(_run));
    }

    [Fact]
    public void AGridFolderWrittenInsideTheSamplesLeadsBackToThem()
    {
        Touch(_run, "e10_s1_p0.jpg");
        string grids = Folder("grids");
        WriteGrid(grids);
        Assert.Equal(new SampleRunFolder(_run, _run), SampleRunFolder.Locate(grids));
    }

    [Fact]
    public void APlainPngFolderIsNotMistakenForGrids()
    {
        Touch(_run, "e10_s1_p0.png");
        string other = Folder("pictures");
        PngEncoder.Save(GridTestData.Cell(8, 0, 0), Path.Combine(other, "cat.png"));
        Assert.Equal(new SampleRunFolder(other, other), SampleRunFolder.Locate(other));
    }

    [Fact]
    public void NothingFoundResolvesToTheFolderItselfAndMissingIsNamed()
    {
        Folder("samples");
        Assert.Equal(new SampleRunFolder(_run, _run), SampleRunFolder.Locate(_run));
        string missing = Path.Combine(_run, "nope");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => SampleRunFolder.Locate(missing));
        Assert.Equal($"{missing}: sample folder not found.", ex.Message);
    }
}
