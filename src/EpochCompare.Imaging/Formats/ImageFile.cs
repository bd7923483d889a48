using EpochCompare.Imaging.Formats.Jpeg;
using EpochCompare.Imaging.Formats.Png;

namespace EpochCompare.Imaging.Formats;

/// <summary>Loads a PNG or JPEG by its signature (not its extension), JPEGs turned upright per EXIF.</summary>
public static class ImageFile
{
    public static RgbaImage Load(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            if (PngSignature.Matches(bytes))
            {
                return PngDecoder.Decode(bytes).Image;
            }
            if (JpegDecoder.HasSignature(bytes))
            {
                return JpegDecoder.Decode(bytes).Image;
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        throw new InvalidDataException($"{path}: not a PNG or JPEG file (unrecognised signature).");
    }
}
