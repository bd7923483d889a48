using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Formats.Png;
using EpochCompare.Imaging.Tests.Formats.Jpeg;

namespace EpochCompare.Imaging.Tests.Formats;

public sealed class ImageFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ec-images-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Jpeg", name);

    [Fact]
    public void LoadsEveryReadableFormatRecursivelyInPathOrderAndWarnsAboutOtherFormats()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "10_ohwx style"));
        File.Copy(Fixture("baseline-444-q95.jpg"), Path.Combine(_dir, "10_ohwx style", "b.JPG"));
        PngEncoder.Save(RgbaImage.Filled(5, 4, new Rgba32(10, 20, 30)), Path.Combine(_dir, "10_ohwx style", "a.png"));
        File.WriteAllText(Path.Combine(_dir, "10_ohwx style", "a.txt"), "caption");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "WebpGifBmp", "lossless.webp"), Path.Combine(_dir, "c.webp"));
        File.WriteAllBytes(Path.Combine(_dir, "d.tiff"), [1, 2, 3]);
        var warnings = new List<string>();

        var images = ImageFolder.LoadAll(_dir, warnings);

        Assert.Equal(["10_ohwx style/a.png", "10_ohwx style/b.JPG", "c.webp"], images.Select(i => i.RelativePath));
        Assert.Equal((48, 32), (images[2].Image.Width, images[2].Image.Height));
        Assert.Equal((5, 4), (images[0].Image.Width, images[0].Image.Height));
        Assert.Equal(new Rgba32(10, 20, 30), images[0].Image[4, 3]);
        RgbaImage djpeg = NetpbmReader.Read(Fixture("baseline-444-q95.ppm"));
        Assert.Equal((djpeg.Width, djpeg.Height), (images[1].Image.Width, images[1].Image.Height));
        Assert.True(images[1].Image.Pixels.Zip(djpeg.Pixels).All(p => Math.Abs(p.First - p.Second) <= 2));
        Assert.Equal($"{Path.Combine(_dir, "d.tiff")}: skipped, only PNG, JPEG, WebP, GIF and BMP images are read.", Assert.Single(warnings));
    }

    [Fact]
    public void AnUnreadableImageIsNamed()
    {
        string bad = Path.Combine(_dir, "bad.jpg");
        File.WriteAllBytes(bad, [0xFF, 0xD8, 0xFF, 0x00]);
        var ex = Assert.Throws<InvalidDataException>(() => ImageFolder.LoadAll(_dir, []));
        Assert.StartsWith($"{bad}: ", ex.Message);
    }

    [Fact]
    public void AMissingFolderIsNamed()
    {
        string missing = Path.Combine(_dir, "nope");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => ImageFolder.LoadAll(missing, []));
        Assert.Equal($"{missing}: image folder not found.", ex.Message);
    }
}
