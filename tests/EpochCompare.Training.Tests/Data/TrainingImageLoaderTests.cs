using EpochCompare.Imaging;
using EpochCompare.Training.Data;

namespace EpochCompare.Training.Tests.Data;

public class TrainingImageLoaderTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static DatasetOptions Options(TempDataset data, int width, int height, BadDataPolicy policy = BadDataPolicy.Stop) =>
        new() { Root = data.Root, Width = width, Height = height, OnBadData = policy };

    [Fact]
    public void JpegAtItsOwnSizeMatchesLibjpegsDecode()
    {
        using var data = new TempDataset();
        data.Copy("3_ohwx style", "photo.jpg", Fixture("baseline-420-q90.jpg"));
        data.Image("3_ohwx style", "drawing.png", 75, 53, seed: 1);
        KohyaDataset dataset = KohyaDataset.Load(Options(data, 75, 53), _ => { });

        Assert.Equal(["drawing.png", "photo.jpg"], dataset.Images.Select(i => Path.GetFileName(i.ImagePath)));
        Assert.Equal("ohwx style", dataset.Images[1].Caption);
        (int width, int height, byte[] rgb) = ReadPpm(Fixture("baseline-420-q90.ppm"));
        Assert.Equal((75, 53), (width, height));
        AssertPlanesNear(rgb, dataset.Planes(1), width * height, tolerance: 2);
    }

    [Fact]
    public void WebpAndBmpAreTrainingImagesAsInKohyaAndGifIsNot()
    {
        using var data = new TempDataset();
        // libwebp's lossless encode and netpbm's BMP of one 48x32 picture (the Imaging fixtures, dwebp's and the
        // source's pixels beside them); a .gif in the folder would fail to decode if it were read at all.
        data.Copy("2_ohwx style", "a.webp", Fixture("lossless.webp"));
        data.Copy("2_ohwx style", "b.BMP", Fixture("rgb24.bmp"));
        File.WriteAllBytes(Path.Combine(data.Folder("2_ohwx style"), "c.gif"), [(byte)'G', (byte)'I', (byte)'F']);
        KohyaDataset dataset = KohyaDataset.Load(Options(data, 48, 32), _ => { });

        Assert.Equal(["a.webp", "b.BMP"], dataset.Images.Select(i => Path.GetFileName(i.ImagePath)));
        byte[] rgba = File.ReadAllBytes(Fixture("lossless.rgba"));
        byte[] webpRgb = [.. Enumerable.Range(0, rgba.Length).Where(i => i % 4 != 3).Select(i => rgba[i])];
        AssertPlanesNear(webpRgb, dataset.Planes(0), 48 * 32, tolerance: 0);
        AssertPlanesNear(File.ReadAllBytes(Fixture("rgb24.rgb")), dataset.Planes(1), 48 * 32, tolerance: 0);
    }

    [Fact]
    public void JpegLargerThanTheResolutionIsResizedToIt()
    {
        using var data = new TempDataset();
        data.Copy("1_x", "photo.JPG", Fixture("baseline-420-q90.jpg"));
        KohyaDataset dataset = KohyaDataset.Load(Options(data, 32, 32), _ => { });
        Assert.Equal(3 * 32 * 32, dataset.Planes(0).Length);

        // Area-average the reference decode the same way: 75x53 covers 32x32 at 45x32 (scale 32/53), crop 6 columns off the left.
        (int width, int height, byte[] rgb) = ReadPpm(Fixture("baseline-420-q90.ppm"));
        byte[] expected = AreaCoverAndCrop(rgb, width, height, coverWidth: 45, coverHeight: 32, left: 6, top: 0, 32, 32);
        AssertPlanesNear(expected, dataset.Planes(0), 32 * 32, tolerance: 3);
    }

    [Fact]
    public void PortraitPngIsAreaScaledToCoverThenCenterCropped()
    {
        using var data = new TempDataset();
        var image = new RgbaImage(96, 128);
        var rgb = new byte[96 * 128 * 3];
        var random = new Random(5);
        for (int y = 0; y < 128; y++)
        {
            for (int x = 0; x < 96; x++)
            {
                // Bands that differ at the top and bottom (so a wrong crop offset shows) plus fine noise.
                byte r = (byte)(y < 20 ? 240 : y > 108 ? 10 : 2 * y), g = (byte)random.Next(256), b = (byte)(x * 2);
                image[x, y] = new Rgba32(r, g, b);
                rgb[3 * (y * 96 + x)] = r;
                rgb[3 * (y * 96 + x) + 1] = g;
                rgb[3 * (y * 96 + x) + 2] = b;
            }
        }
        data.Save("1_x", "portrait.png", image);
        KohyaDataset dataset = KohyaDataset.Load(Options(data, 64, 64), _ => { });

        // Width fits: 96 -> 64 (scale 2/3), height 128 -> round(85.33) = 85; center crop drops (85 - 64) / 2 = 10 rows on top.
        byte[] expected = AreaCoverAndCrop(rgb, 96, 128, coverWidth: 64, coverHeight: 85, left: 0, top: 10, 64, 64);
        AssertPlanesNear(expected, dataset.Planes(0), 64 * 64, tolerance: 1);
    }

    [Fact]
    public void SmallJpegStopsWithItsNameAndSizes()
    {
        using var data = new TempDataset();
        string path = data.Copy("1_x", "tiny.jpg", Fixture("baseline-420-q90.jpg"));
        var ex = Assert.Throws<DatasetException>(() => KohyaDataset.Load(Options(data, 64, 64), _ => { }));
        Assert.Equal(path, ex.PathName);
        Assert.Equal($"{path}: image is 75x53, smaller than the training resolution 64x64", ex.Message);
    }

    [Fact]
    public void SmallImageIsSkippedWithAWarningWhenAsked()
    {
        using var data = new TempDataset();
        data.Copy("1_x", "tiny.jpg", Fixture("baseline-420-q90.jpg"));
        data.Image("1_x", "big.png", 96, 96);
        var warnings = new List<string>();
        KohyaDataset dataset = KohyaDataset.Load(Options(data, 64, 64, BadDataPolicy.Skip), warnings.Add);
        Assert.Equal("big.png", Path.GetFileName(Assert.Single(dataset.Images).ImagePath));
        Assert.Contains("tiny.jpg: image is 75x53, smaller than the training resolution 64x64", Assert.Single(warnings));
    }

    [Fact]
    public void CorruptJpegNamesTheFileOnce()
    {
        using var data = new TempDataset();
        string path = Path.Combine(data.Folder("1_x"), "cut.jpg");
        byte[] jpeg = File.ReadAllBytes(Fixture("baseline-420-q90.jpg"));
        File.WriteAllBytes(path, jpeg[..(jpeg.Length / 3)]);
        var ex = Assert.Throws<DatasetException>(() => KohyaDataset.Load(Options(data, 32, 32), _ => { }));
        Assert.StartsWith($"{path}: cannot read image (", ex.Message);
        Assert.Equal(ex.Message.IndexOf(path, StringComparison.Ordinal), ex.Message.LastIndexOf(path, StringComparison.Ordinal));
    }

    /// <summary>
    /// Reference for cover-then-crop with pixel-area averaging, computed directly in 2-D: each output pixel
    /// is the overlap-weighted mean of the source pixels under its footprint in the covered image.
    /// </summary>
    private static byte[] AreaCoverAndCrop(byte[] rgb, int width, int height, int coverWidth, int coverHeight, int left, int top, int outWidth, int outHeight)
    {
        double sx = (double)width / coverWidth, sy = (double)height / coverHeight;
        var result = new byte[outWidth * outHeight * 3];
        for (int oy = 0; oy < outHeight; oy++)
        {
            double y0 = (oy + top) * sy, y1 = (oy + top + 1) * sy;
            for (int ox = 0; ox < outWidth; ox++)
            {
                double x0 = (ox + left) * sx, x1 = (ox + left + 1) * sx;
                var sum = new double[3];
                double area = 0;
                for (int y = (int)y0; y < Math.Min(height, Math.Ceiling(y1)); y++)
                {
                    double wy = Math.Min(y1, y + 1) - Math.Max(y0, y);
                    for (int x = (int)x0; x < Math.Min(width, Math.Ceiling(x1)); x++)
                    {
                        double w = wy * (Math.Min(x1, x + 1) - Math.Max(x0, x));
                        area += w;
                        for (int c = 0; c < 3; c++)
                        {
                            sum[c] += w * rgb[3 * (y * width + x) + c];
                        }
                    }
                }
                for (int c = 0; c < 3; c++)
                {
                    result[3 * (oy * outWidth + ox) + c] = (byte)Math.Round(sum[c] / area);
                }
            }
        }
        return result;
    }

    private static void AssertPlanesNear(byte[] rgb, ReadOnlySpan<float> planes, int pixels, int tolerance)
    {
        Assert.Equal(3 * pixels, planes.Length);
        double worst = 0;
        for (int i = 0; i < pixels; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                double value = (planes[c * pixels + i] + 1) * 127.5;
                worst = Math.Max(worst, Math.Abs(value - rgb[3 * i + c]));
            }
        }
        Assert.True(worst <= tolerance + 1e-3, $"max difference {worst:0.###} levels, allowed {tolerance}");
    }

    /// <summary>Binary PPM (P6, maxval 255) as written by djpeg.</summary>
    private static (int Width, int Height, byte[] Rgb) ReadPpm(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int position = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)bytes[position]))
            {
                position++;
            }
            int start = position;
            while (!char.IsWhiteSpace((char)bytes[position]))
            {
                position++;
            }
            return System.Text.Encoding.ASCII.GetString(bytes, start, position - start);
        }
        Assert.Equal("P6", Token());
        int width = int.Parse(Token()), height = int.Parse(Token());
        Assert.Equal("255", Token());
        position++;
        return (width, height, bytes[position..(position + width * height * 3)]);
    }
}
