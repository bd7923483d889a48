using EpochCompare.Imaging.Processing;

namespace EpochCompare.Imaging.Tests.Processing;

public class OrientationTests
{
    [Fact]
    public void EachOrientationMovesTheTopLeftCornerWhereExifSays()
    {
        // A 3x2 image with a marked top-left pixel; where it ends up after turning upright.
        var source = RgbaImage.Filled(3, 2, Rgba32.Black);
        source[0, 0] = Rgba32.White;
        var expected = new Dictionary<ImageOrientation, (int W, int H, int X, int Y)>
        {
            [ImageOrientation.Normal] = (3, 2, 0, 0),
            [ImageOrientation.FlipHorizontal] = (3, 2, 2, 0),
            [ImageOrientation.Rotate180] = (3, 2, 2, 1),
            [ImageOrientation.FlipVertical] = (3, 2, 0, 1),
            [ImageOrientation.Transpose] = (2, 3, 0, 0),
            [ImageOrientation.Rotate90Clockwise] = (2, 3, 1, 0),
            [ImageOrientation.Transverse] = (2, 3, 1, 2),
            [ImageOrientation.Rotate270Clockwise] = (2, 3, 0, 2),
        };
        foreach (var (orientation, (w, h, x, y)) in expected)
        {
            var result = Orientation.Apply(source, orientation);
            Assert.Equal((w, h), (result.Width, result.Height));
            Assert.Equal(Rgba32.White, result[x, y]);
            Assert.Single(result.Pixels.Where((b, i) => i % 4 == 0 && b == 255));
        }
    }
}
