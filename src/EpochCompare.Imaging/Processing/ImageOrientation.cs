namespace EpochCompare.Imaging.Processing;

/// <summary>EXIF orientation values: how the stored pixels must be turned to display upright.</summary>
public enum ImageOrientation
{
    Normal = 1,
    FlipHorizontal = 2,
    Rotate180 = 3,
    FlipVertical = 4,
    Transpose = 5,
    Rotate90Clockwise = 6,
    Transverse = 7,
    Rotate270Clockwise = 8,
}
