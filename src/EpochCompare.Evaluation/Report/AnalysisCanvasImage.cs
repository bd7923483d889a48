using EpochCompare.Evaluation.Preprocessing;
using EpochCompare.Imaging;

namespace EpochCompare.Evaluation.Report;

/// <summary>Back from the float analysis canvas to 8-bit RGBA: the exact pixels the metrics saw, for evidence thumbnails.</summary>
public static class AnalysisCanvasImage
{
    public static RgbaImage ToRgba(AnalysisImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var rgba = new RgbaImage(image.Size, image.Size);
        float[] r = image.Red.Data, g = image.Green.Data, b = image.Blue.Data;
        for (int i = 0, p = 0; i < r.Length; i++, p += RgbaImage.BytesPerPixel)
        {
            rgba.Pixels[p] = ToByte(r[i]);
            rgba.Pixels[p + 1] = ToByte(g[i]);
            rgba.Pixels[p + 2] = ToByte(b[i]);
            rgba.Pixels[p + 3] = 255;
        }
        return rgba;
    }

    private static byte ToByte(float v) => (byte)Math.Clamp(MathF.Round(v), 0, 255);
}
