using EpochCompare.Demo.World;
using EpochCompare.Imaging.Formats;

namespace EpochCompare.Demo.Tests.World;

public sealed class StyleDatasetTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ec-style-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void TheSetHasOneRevolverNoCarAndADozenOrMoreObjects()
    {
        IReadOnlyList<Scene> scenes = StyleDataset.Scenes(seed: 42);
        Assert.True(scenes.Count >= 12);
        Assert.Single(scenes, s => s.Concept == WorldConcept.Revolver);
        Assert.DoesNotContain(scenes, s => s.Concept == WorldConcept.Car);
        Assert.True(scenes.Select(s => s.Concept).Distinct().Count() >= 10);
    }

    [Fact]
    public void WritesAKohyaFolderOfPngsWithCaptions()
    {
        string folder = StyleDataset.Write(_root, repeats: 10, seed: 42);
        Assert.Equal("10_ohwx style", Path.GetFileName(folder));
        string[] images = Directory.GetFiles(folder, "*.png").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(StyleDataset.ImageCount, images.Length);
        foreach (string image in images)
        {
            string caption = File.ReadAllText(Path.ChangeExtension(image, ".txt"));
            Assert.StartsWith("ohwx ", caption);
            Assert.Equal(64, ImageFile.Load(image).Width);
        }
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }
}
