using EpochCompare.Imaging;
using EpochCompare.Imaging.Processing;

namespace EpochCompare.Demo.Classifier;

/// <summary>
/// What the concept classifier sees: the image area-averaged to 32 x 32, as planar RGB in [-1, 1].
/// Any square image works (64 px model samples, 256 px grid cells), so the classifier judges grid cells
/// the same way whatever their size.
/// </summary>
public static class ClassifierInput
{
    public const int Side = 32;
    public const int Length = 3 * Side * Side;

    public static float[] From(RgbaImage image)
    {
        RgbaImage small = image.Width == Side && image.Height == Side
            ? image
            : Resampler.Resize(image, Side, Side);
        return ImageTensor.ToPlanarChw(small);
    }
}
