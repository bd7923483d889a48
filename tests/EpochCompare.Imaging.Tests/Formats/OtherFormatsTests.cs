using EpochCompare.Imaging.Formats;
using SkiaSharp;

namespace EpochCompare.Imaging.Tests.Formats;

/// <summary>WebP, GIF and BMP through <see cref="ImageFile"/>, against references made by Debian's own tools.</summary>
public class OtherFormatsTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "WebpGifBmp");

    public static TheoryData<string> WebpNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string file in Directory.GetFiles(Folder, "*.webp").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileNameWithoutExtension(file));
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(WebpNames))]
    public void WebpDecodesToDwebpsPixelsExactly(string name)
    {
        RgbaImage image = ImageFile.Load(Path.Combine(Folder, name + ".webp"));
        Assert.Equal((48, 32), (image.Width, image.Height));
        Assert.Equal(File.ReadAllBytes(Path.Combine(Folder, name + ".rgba")), image.Pixels);
    }

    [Fact]
    public void WebpFixturesCoverLossyLosslessAndAlpha()
    {
        string[] names = [.. Directory.GetFiles(Folder, "*.webp").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];
        Assert.Equal(["lossless", "lossless-alpha", "lossy-q50-alpha", "lossy-q80"], names);
        // The alpha fixtures really are translucent somewhere, and lossless keeps fully transparent pixels.
        RgbaImage alpha = ImageFile.Load(Path.Combine(Folder, "lossless-alpha.webp"));
        Assert.Contains(alpha.Pixels.Where((_, i) => i % 4 == 3), a => a is > 0 and < 255);
        Assert.Equal(0, alpha[0, 0].A);
    }

    [Fact]
    public void AnimatedGifGivesItsFirstFrame()
    {
        string path = Path.Combine(Folder, "first-frame.gif");
        using (var codec = SKCodec.Create(path))
        {
            Assert.Equal(2, codec.FrameCount); // the fixture really has a second (mirrored) frame
        }
        RgbaImage image = ImageFile.Load(path);
        Assert.Equal(ExpectedRgb("first-frame.rgb", image.Width, image.Height).Pixels, image.Pixels);
    }

    [Fact]
    public void BmpDecodesExactly()
    {
        RgbaImage image = ImageFile.Load(Path.Combine(Folder, "rgb24.bmp"));
        Assert.Equal(ExpectedRgb("rgb24.rgb", 48, 32).Pixels, image.Pixels);
    }

    [Fact]
    public void ExifRotatedJpegsComeOutUpright()
    {
        string exif = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Exif");
        RgbaImage stored = ImageFile.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Jpeg", "baseline-444-q95.jpg"));
        int w = stored.Width, h = stored.Height;
        Assert.NotEqual(w, h); // otherwise a missed rotation could hide
        foreach ((int value, int width, int height, Func<int, int, (int X, int Y)> where) in new (int, int, int, Func<int, int, (int, int)>)[]
        {
            (3, w, h, (x, y) => (w - 1 - x, h - 1 - y)),
            (6, h, w, (x, y) => (h - 1 - y, x)),   // 90 degrees clockwise: the stored top row becomes the right column
            (8, h, w, (x, y) => (y, w - 1 - x)),   // 270 degrees clockwise
        })
        {
            RgbaImage upright = ImageFile.Load(Path.Combine(exif, $"orientation-{value}.jpg"));
            Assert.Equal((width, height), (upright.Width, upright.Height));
            for (int y = 0; y < h; y += 7)
            {
                for (int x = 0; x < w; x += 5)
                {
                    (int ux, int uy) = where(x, y);
                    Assert.Equal(stored[x, y], upright[ux, uy]);
                }
            }
        }
    }

    private static RgbaImage ExpectedRgb(string name, int width, int height) =>
        RgbaImage.FromRgb(File.ReadAllBytes(Path.Combine(Folder, name)), width, height);
}
