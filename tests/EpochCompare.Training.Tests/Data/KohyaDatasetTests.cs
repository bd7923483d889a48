using EpochCompare.Training.Data;

namespace EpochCompare.Training.Tests.Data;

public class KohyaDatasetTests
{
    private static DatasetOptions Options(TempDataset data, BadDataPolicy policy = BadDataPolicy.Stop, string captions = ".txt") =>
        new() { Root = data.Root, Width = 8, Height = 8, OnBadData = policy, CaptionExtension = captions };

    [Fact]
    public void LoadsImagesCaptionsAndRepeats()
    {
        using var data = new TempDataset();
        data.Image("10_ohwx style", "a.png", 8, 8, seed: 1, caption: "ohwx car, glossy");
        data.Image("10_ohwx style", "b.png", 8, 8, seed: 2);
        data.Image("2_plain", "c.png", 8, 8, seed: 3, caption: "a red cup");
        var warnings = new List<string>();
        KohyaDataset dataset = KohyaDataset.Load(Options(data), warnings.Add);

        Assert.Empty(warnings);
        Assert.Equal(["ohwx car, glossy", "ohwx style", "a red cup"], dataset.Images.Select(i => i.Caption));
        Assert.Equal([10, 10, 2], dataset.Images.Select(i => i.Repeats));
        Assert.Equal(22, dataset.SamplesPerEpoch);
        Assert.Equal(3 * 8 * 8, dataset.Planes(0).Length);
        Assert.Equal([("10_ohwx style", 2, 10), ("2_plain", 1, 2)], dataset.Folders());
    }

    [Fact]
    public void CaptionExtensionIsConfigurableWithOrWithoutDot()
    {
        using var data = new TempDataset();
        data.Image("1_fallback", "a.png", 8, 8, caption: "from caption file", captionExtension: ".caption");
        Assert.Equal("from caption file", KohyaDataset.Load(Options(data, captions: "caption"), _ => { }).Images[0].Caption);
        Assert.Equal("fallback", KohyaDataset.Load(Options(data, captions: ".txt"), _ => { }).Images[0].Caption);
    }

    [Fact]
    public void PixelsAreScaledToMinusOneToOneChannelFirst()
    {
        using var data = new TempDataset();
        string path = data.Image("1_x", "a.png", 8, 8, seed: 1);
        KohyaDataset dataset = KohyaDataset.Load(Options(data), _ => { });
        var image = EpochCompare.Imaging.Formats.ImageFile.Load(path);
        ReadOnlySpan<float> planes = dataset.Planes(0);
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                var p = image[x, y];
                Assert.Equal(p.R / 127.5f - 1f, planes[y * 8 + x], 6);
                Assert.Equal(p.G / 127.5f - 1f, planes[64 + y * 8 + x], 6);
                Assert.Equal(p.B / 127.5f - 1f, planes[128 + y * 8 + x], 6);
            }
        }
    }

    [Fact]
    public void HashChangesWithCaptionsAndRepeats()
    {
        using var data = new TempDataset();
        data.Image("10_ohwx style", "a.png", 8, 8, caption: "one");
        string first = KohyaDataset.Load(Options(data), _ => { }).Hash;
        Assert.Equal(first, KohyaDataset.Load(Options(data), _ => { }).Hash);
        File.WriteAllText(Path.Combine(data.Root, "10_ohwx style", "a.txt"), "two");
        string second = KohyaDataset.Load(Options(data), _ => { }).Hash;
        Assert.NotEqual(first, second);
        Directory.Move(Path.Combine(data.Root, "10_ohwx style"), Path.Combine(data.Root, "5_ohwx style"));
        Assert.NotEqual(second, KohyaDataset.Load(Options(data), _ => { }).Hash);
    }

    [Fact]
    public void UnreadableImageIsNamed()
    {
        using var data = new TempDataset();
        data.Image("1_x", "good.png", 8, 8);
        string bad = Path.Combine(data.Folder("1_x"), "broken.png");
        File.WriteAllBytes(bad, [1, 2, 3, 4, 5]);
        var ex = Assert.Throws<DatasetException>(() => KohyaDataset.Load(Options(data), _ => { }));
        Assert.Equal(bad, ex.PathName);
        Assert.Contains("broken.png: cannot read image", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void SmallImageIsNamedWithBothSizes()
    {
        using var data = new TempDataset();
        data.Image("1_x", "small.png", 8, 6);
        var ex = Assert.Throws<DatasetException>(() => KohyaDataset.Load(Options(data), _ => { }));
        Assert.Contains("small.png: image is 8x6, smaller than the training resolution 8x8", ex.Message);
    }

    [Fact]
    public void EmptyFolderIsNamed()
    {
        using var data = new TempDataset();
        data.Image("1_x", "a.png", 8, 8);
        string empty = data.Folder("3_empty");
        var ex = Assert.Throws<DatasetException>(() => KohyaDataset.Load(Options(data), _ => { }));
        Assert.Equal(empty, ex.PathName);
        Assert.Contains("no images", ex.Message);
    }

    [Fact]
    public void FolderWithoutRepeatsIsNamed()
    {
        using var data = new TempDataset();
        data.Image("ohwx style", "a.png", 8, 8);
        var ex = Assert.Throws<DatasetException>(() => KohyaDataset.Load(Options(data), _ => { }));
        Assert.EndsWith("ohwx style", ex.PathName);
        Assert.Contains("'10_ohwx style'", ex.Message);
    }

    [Fact]
    public void EmptyCaptionFileIsNamed()
    {
        using var data = new TempDataset();
        string image = data.Image("1_x", "a.png", 8, 8);
        File.WriteAllText(Path.ChangeExtension(image, ".txt"), "  \n");
        var ex = Assert.Throws<DatasetException>(() => KohyaDataset.Load(Options(data), _ => { }));
        Assert.EndsWith("a.txt", ex.PathName);
    }

    [Fact]
    public void SkipPolicyWarnsOncePerProblemAndKeepsTheRest()
    {
        using var data = new TempDataset();
        data.Image("2_good", "a.png", 8, 8);
        data.Image("2_good", "small.png", 4, 4);
        File.WriteAllBytes(Path.Combine(data.Folder("2_good"), "broken.jpg"), [0xFF, 0xD8, 0, 0]);
        data.Image("no repeats", "b.png", 8, 8);
        data.Folder("1_empty");
        var warnings = new List<string>();
        KohyaDataset dataset = KohyaDataset.Load(Options(data, BadDataPolicy.Skip), warnings.Add);
        Assert.Single(dataset.Images);
        Assert.Equal(4, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("small.png") && w.StartsWith("skipping"));
        Assert.Contains(warnings, w => w.Contains("broken.jpg"));
        Assert.Contains(warnings, w => w.Contains("no repeats"));
        Assert.Contains(warnings, w => w.Contains("1_empty"));
    }

    [Fact]
    public void NothingUsableIsAnErrorEvenWhenSkipping()
    {
        using var data = new TempDataset();
        data.Image("1_x", "small.png", 4, 4);
        var ex = Assert.Throws<DatasetException>(() => KohyaDataset.Load(Options(data, BadDataPolicy.Skip), _ => { }));
        Assert.Contains("no usable training images", ex.Message);
    }

    [Fact]
    public void MissingRootIsNamed()
    {
        var ex = Assert.Throws<DatasetException>(() =>
            KohyaDataset.Load(new DatasetOptions { Root = "/nonexistent/ds", Width = 8, Height = 8 }, _ => { }));
        Assert.Equal("/nonexistent/ds: dataset folder does not exist", ex.Message);
    }
}
