using EpochCompare.Imaging.Processing;

namespace EpochCompare.Imaging.Formats.Jpeg;

/// <summary>A decoded JPEG (opaque RGBA) and the EXIF orientation found in the file (already applied when asked).</summary>
public sealed record JpegDecodedImage(RgbaImage Image, ImageOrientation Orientation, bool OrientationApplied);
