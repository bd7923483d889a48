using EpochCompare.Imaging.Processing;

namespace EpochCompare.Imaging.Tests.Processing;

public class ImageTensorTests
{
    [Fact]
    public void LayoutIsPlanarChwScaledToMinusOneToOne()
    {
        var image = new RgbaImage(3, 2);
        image[2, 1] = new Rgba32(255, 0, 51, 7);
        float[] tensor = ImageTensor.ToPlanarChw(image);
        Assert.Equal(3 * 2 * 3, tensor.Length);
        int index = 1 * 3 + 2; // y * W + x
        Assert.Equal(1f, tensor[index]);
        Assert.Equal(-1f, tensor[6 + index]);
        Assert.Equal(51 / 127.5f - 1f, tensor[12 + index], 6);
        Assert.Equal(-1f, tensor[0]);
    }

    [Fact]
    public void EveryByteValueRoundTripsExactly()
    {
        var image = new RgbaImage(256, 1);
        for (int x = 0; x < 256; x++)
        {
            image[x, 0] = new Rgba32((byte)x, (byte)(255 - x), (byte)(x * 7));
        }
        var back = ImageTensor.FromPlanarChw(ImageTensor.ToPlanarChw(image), 256, 1);
        Assert.Equal(image.Pixels, back.Pixels);
    }

    [Fact]
    public void OutOfRangeAndNanValuesAreClampedAndShapesChecked()
    {
        float[] tensor = [2f, float.NaN, -3f];
        var image = ImageTensor.FromPlanarChw(tensor, 1, 1);
        Assert.Equal(new Rgba32(255, 0, 0), image[0, 0]);
        var e = Assert.Throws<ArgumentException>(() => ImageTensor.FromPlanarChw(tensor, 2, 1));
        Assert.Contains("3x1x2", e.Message);
    }
}
