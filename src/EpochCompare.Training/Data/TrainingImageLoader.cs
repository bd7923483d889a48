using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats.Png;

namespace EpochCompare.Training.Data;

/// <summary>
/// Turns an image file into training planes: decode, refuse images smaller than the resolution,
/// scale to cover it and center-crop. The decoder and the resampler are the imaging layer's.
/// </summary>
public sealed class TrainingImageLoader(Func<string, RgbaImage> decode, Func<RgbaImage, int, int, RgbaImage> coverAndCrop)
{
    public static TrainingImageLoader Default { get; } = new(path => PngDecoder.Load(path).Image, CoverAndCropPending);

    public float[] Load(string path, int width, int height)
    {
        RgbaImage image;
        try
        {
            image = decode(path);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new DatasetException(path, $"cannot read image ({ex.Message.ReplaceLineEndings(" ")})");
        }
        if (image.Width < width || image.Height < height)
        {
            throw new DatasetException(path,
                $"image is {image.Width}x{image.Height}, smaller than the training resolution {width}x{height}");
        }
        if (image.Width != width || image.Height != height)
        {
            image = coverAndCrop(image, width, height);
        }
        return ImagePlanes.FromImage(image);
    }

    private static RgbaImage CoverAndCropPending(RgbaImage image, int width, int height) =>
        throw new NotSupportedException($"resizing {image.Width}x{image.Height} to {width}x{height} is not available yet");
}
