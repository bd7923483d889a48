using EpochCompare.Demo.World;

namespace EpochCompare.Demo.Tests.World;

public sealed class PlainWorldDatasetTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ec-plain-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void EveryConceptAppearsEquallyOftenAndEveryCaptionNamesItsObject()
    {
        var items = PlainWorldDataset.Items(imagesPerConcept: 25, seed: 3).ToList();
        Assert.Equal(25 * WorldConcepts.All.Count, items.Count);
        Assert.All(items.GroupBy(i => i.Scene.Concept), g => Assert.Equal(25, g.Count()));
        Assert.All(items, i => Assert.Contains(i.Scene.Concept.Word(), i.Caption.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)));
        // All five caption forms occur, including the one with look words.
        Assert.Contains(items, i => i.Caption.Contains(','));
        Assert.Contains(items, i => i.Caption == $"a {i.Scene.Concept.Word()}");
    }

    [Fact]
    public void WritingTwiceGivesTheSameBytes()
    {
        string first = PlainWorldDataset.Write(Path.Combine(_root, "a"), imagesPerConcept: 2, seed: 9, size: 32);
        string second = PlainWorldDataset.Write(Path.Combine(_root, "b"), imagesPerConcept: 2, seed: 9, size: 32);
        Assert.Equal(PlainWorldDataset.FolderName, Path.GetFileName(first));
        string[] files = Directory.GetFiles(first).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(2 * 2 * WorldConcepts.All.Count, files.Length);
        foreach (string name in files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, name)), File.ReadAllBytes(Path.Combine(second, name)));
        }
    }
}
