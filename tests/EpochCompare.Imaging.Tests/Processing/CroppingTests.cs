using EpochCompare.Imaging.Processing;

namespace EpochCompare.Imaging.Tests.Processing;

public class CroppingTests
{
    private static RgbaImage Coordinates(int width, int height)
    {
        var image = new RgbaImage(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image[x, y] = new Rgba32((byte)x, (byte)y, 0);
            }
        }
        return image;
    }

    [Fact]
    public void CenterCropTakesTheMiddle()
    {
        var result = Cropping.CenterCrop(Coordinates(10, 8), 4, 4);
        Assert.Equal((4, 4), (result.Width, result.Height));
        Assert.Equal(new Rgba32(3, 2, 0), result[0, 0]);
        Assert.Equal(new Rgba32(6, 5, 0), result[3, 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Cropping.CenterCrop(Coordinates(4, 4), 5, 2));
    }

    [Fact]
    public void ResizeAndCenterCropCoversTheTargetWithoutDistortion()
    {
        // 200x100 to 64x64: scale 0.64 -> 128x64, crop the middle 64 columns.
        var source = new RgbaImage(200, 100);
        for (int y = 0; y < 100; y++)
        {
            for (int x = 0; x < 200; x++)
            {
                source[x, y] = x < 50 || x >= 150 ? new Rgba32(255, 0, 0) : new Rgba32(0, 0, 255);
            }
        }
        var result = Cropping.ResizeAndCenterCrop(source, 64, 64);
        Assert.Equal((64, 64), (result.Width, result.Height));
        // The kept window is source x 50..150: all blue.
        Assert.All(Enumerable.Range(0, 64), x => Assert.Equal(new Rgba32(0, 0, 255), result[x, 32]));
    }
}
