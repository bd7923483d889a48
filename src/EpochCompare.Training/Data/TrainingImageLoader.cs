using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Processing;

namespace EpochCompare.Training.Data;

/// <summary>
/// Turns an image file into training planes: decode (PNG or JPEG, by signature), refuse images smaller
/// than the resolution, scale to cover it and center-crop. The decoder and the resampler are the imaging layer's.
/// </summary>
public sealed class TrainingImageLoader(Func<string, RgbaImage> decode, Func<RgbaImage, int, int, RgbaImage> coverAndCrop)
{
    /// <summary>
    /// Pixel-area averaging, as kohya's sd-scripts downscale dataset images (cv2.INTER_AREA): every source
    /// pixel counts, so no aliasing and no ringing. Upscaling never happens (smaller images are refused).
    /// </summary>
    public static TrainingImageLoader Default { get; } = new(ImageFile.Load,
        (image, width, height) => Cropping.ResizeAndCenterCrop(image, width, height));

    public float[] Load(string path, int width, int height)
    {
        RgbaImage image;
        try
        {
            image = decode(path);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new DatasetException(path, $"cannot read image ({WithoutPath(ex.Message, path)})");
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

    // The decoders already prefix the file name; the DatasetException names it once.
    private static string WithoutPath(string message, string path)
    {
        string prefix = path + ": ";
        string text = message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
        return text.ReplaceLineEndings(" ");
    }
}
