using EpochCompare.Imaging;

namespace EpochCompare.Imaging.Tests;

public class RgbaImageTests
{
    [Fact]
    public void PixelsAreStoredRowMajorAsRgba()
    {
        var image = new RgbaImage(3, 2);
        image[2, 1] = new Rgba32(10, 20, 30, 40);
        Assert.Equal(new byte[] { 10, 20, 30, 40 }, image.Pixels[20..24]);
        Assert.Equal(new Rgba32(10, 20, 30, 40), image[2, 1]);
    }

    [Fact]
    public void FromRgbCopiesEachPixelAndMakesItOpaque()
    {
        byte[] rgb = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        RgbaImage image = RgbaImage.FromRgb(rgb, 2, 2);
        Assert.Equal(new Rgba32(1, 2, 3, 255), image[0, 0]);
        Assert.Equal(new Rgba32(4, 5, 6, 255), image[1, 0]);
        Assert.Equal(new Rgba32(10, 11, 12, 255), image[1, 1]);
        Assert.Throws<ArgumentException>(() => RgbaImage.FromRgb(rgb, 3, 2));
    }

    [Fact]
    public void FillSetsEveryPixel()
    {
        var image = RgbaImage.Filled(5, 4, new Rgba32(1, 2, 3));
        for (int y = 0; y < 4; y++)
        {
            for (int x = 0; x < 5; x++)
            {
                Assert.Equal(new Rgba32(1, 2, 3, 255), image[x, y]);
            }
        }
    }

    [Fact]
    public void WrongBufferLengthAndOutOfRangeAccessAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new RgbaImage(2, 2, new byte[15]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RgbaImage(0, 2));
        var image = new RgbaImage(2, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => image[2, 0]);
    }
}
