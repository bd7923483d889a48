using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Formats.Exif;
using EpochCompare.Imaging.Formats.Png;
using EpochCompare.Imaging.Tests.Formats.Png;

namespace EpochCompare.Imaging.Tests.Formats;

public class ImageEncoderTests
{
    // A1111's infotext shape, with a non-Latin-1 prompt so the UTF-16 / iTXt paths are exercised.
    private const string Parameters = "ohwx car, 赤い車, ظهر\nNegative prompt: blurry\nSteps: 20, Sampler: Euler, CFG scale: 3.5, Seed: 4, Size: 64x48, Model: flux-tiny";

    [Theory]
    [InlineData(ImageFormat.Png)]
    [InlineData(ImageFormat.Jpeg)]
    [InlineData(ImageFormat.Webp)]
    public void ParametersSurviveARoundTripInEveryFormat(ImageFormat format)
    {
        RgbaImage image = Smooth(64, 48);
        byte[] bytes = ImageEncoder.Encode(image, new ImageEncoding { Format = format, Quality = 92 }, [PngText.Auto("parameters", Parameters)]);
        Assert.Equal(Parameters, ImageParameters.Read(bytes));
        RgbaImage back = ImageFile.Decode(bytes, "round-trip" + format.Extension());
        Assert.Equal((64, 48), (back.Width, back.Height));
        if (format == ImageFormat.Png)
        {
            Assert.Equal(image.Pixels, back.Pixels);
            return;
        }
        // Lossy formats at quality 92 on smooth gradients: close on average, no pixel far off.
        int[] differences = [.. image.Pixels.Zip(back.Pixels, (a, b) => Math.Abs(a - b))];
        Assert.True(differences.Average() < 2, $"{format}: mean absolute difference {differences.Average():0.00}");
        Assert.True(differences.Max() <= 16, $"{format}: max difference {differences.Max()}");
    }

    private static RgbaImage Smooth(int width, int height)
    {
        var image = new RgbaImage(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image[x, y] = new Rgba32((byte)(x * 255 / (width - 1)), (byte)(y * 255 / (height - 1)), (byte)(128 + (x - y) / 2));
            }
        }
        return image;
    }

    [Fact]
    public void WebpAtQuality100IsLosslessAndKeepsAlpha()
    {
        RgbaImage image = TestImages.Pattern(33, 21, withAlpha: true);
        // Straight alpha: colour under alpha 0 is free for the encoder to change, so compare visible pixels only.
        byte[] webp = ImageEncoder.Encode(image, new ImageEncoding { Format = ImageFormat.Webp, Quality = 100 }, [new PngText("parameters", "p")]);
        RgbaImage back = ImageFile.Decode(webp, "lossless.webp");
        for (int i = 0; i < image.Pixels.Length; i += 4)
        {
            Assert.Equal(image.Pixels[i + 3], back.Pixels[i + 3]);
            if (image.Pixels[i + 3] != 0)
            {
                Assert.Equal(image.Pixels.AsSpan(i, 4).ToArray(), back.Pixels.AsSpan(i, 4).ToArray());
            }
        }
        Assert.Equal("p", ImageParameters.Read(webp));
        Assert.Equal("VP8X", System.Text.Encoding.ASCII.GetString(webp, 12, 4));
        Assert.Equal(0x08 | 0x10, webp[20] & 0x18); // EXIF and alpha flags
        Assert.Equal(webp.Length - 8, BitConverter.ToInt32(webp, 4)); // RIFF size covers the added chunks
    }

    [Fact]
    public void JpegOfATranslucentImageShowsItOverWhite()
    {
        var image = RgbaImage.Filled(16, 16, new Rgba32(0, 0, 0, 0));
        RgbaImage back = ImageFile.Decode(ImageEncoder.Encode(image, new ImageEncoding { Format = ImageFormat.Jpeg }), "white.jpg");
        Assert.All(back.Pixels, b => Assert.True(b >= 250));
    }

    [Fact]
    public void ExifBlockHasPiexifsLayout()
    {
        byte[] tiff = ExifUserComment.Build("hi");
        byte[] expected =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,
            0, 1, 0x87, 0x69, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0,      // IFD0: ExifIFD pointer -> 26
            0, 1, 0x92, 0x86, 0, 7, 0, 0, 0, 12, 0, 0, 0, 44, 0, 0, 0, 0,     // Exif IFD: UserComment, 12 bytes at 44
            (byte)'U', (byte)'N', (byte)'I', (byte)'C', (byte)'O', (byte)'D', (byte)'E', 0, 0, (byte)'h', 0, (byte)'i',
        ];
        Assert.Equal(expected, tiff);
    }

    [Fact]
    public void EncodingIsDeterministicAndQualityIsChecked()
    {
        RgbaImage image = TestImages.Pattern(40, 30, withAlpha: false);
        foreach (ImageFormat format in Enum.GetValues<ImageFormat>())
        {
            var encoding = new ImageEncoding { Format = format, Quality = 75 };
            Assert.Equal(ImageEncoder.Encode(image, encoding), ImageEncoder.Encode(image.Clone(), encoding));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageEncoding { Quality = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageEncoding { Quality = 101 });
        Assert.Equal(ImageFormat.Jpeg, ImageFormats.Parse("JPG"));
        Assert.Equal(ImageFormat.Webp, ImageFormats.Parse("webp"));
        Assert.Null(ImageFormats.Parse("gif"));
    }
}
