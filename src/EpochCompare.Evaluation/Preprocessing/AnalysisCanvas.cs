using EpochCompare.Imaging;

namespace EpochCompare.Evaluation.Preprocessing;

/// <summary>
/// The fixed, versioned preprocessing in front of every metric: alpha composited over white,
/// centre square crop, area resample to 256x256, float planes. Changing any step changes metric
/// values, so it must come with a new <see cref="PreprocessingVersion"/> (written into every CSV).
/// </summary>
public static class AnalysisCanvas
{
    public const int Size = 256;

    public const string PreprocessingVersion = "pp1-over-white-center-crop-area256-bt601";

    public static AnalysisImage Prepare(RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (red, green, blue) = SplitOverWhite(image);
        int side = Math.Min(image.Width, image.Height);
        int x0 = (image.Width - side) / 2;
        int y0 = (image.Height - side) / 2;
        return new AnalysisImage(
            AreaResampler.Resample(red, x0, y0, side, side, Size, Size),
            AreaResampler.Resample(green, x0, y0, side, side, Size, Size),
            AreaResampler.Resample(blue, x0, y0, side, side, Size, Size));
    }

    private static (Plane, Plane, Plane) SplitOverWhite(RgbaImage image)
    {
        var r = new Plane(image.Width, image.Height);
        var g = new Plane(image.Width, image.Height);
        var b = new Plane(image.Width, image.Height);
        byte[] px = image.Pixels;
        for (int i = 0, p = 0; i < r.Data.Length; i++, p += RgbaImage.BytesPerPixel)
        {
            float alpha = px[p + 3] / 255f;
            float white = 255f * (1 - alpha);
            r.Data[i] = px[p] * alpha + white;
            g.Data[i] = px[p + 1] * alpha + white;
            b.Data[i] = px[p + 2] * alpha + white;
        }
        return (r, g, b);
    }
}
