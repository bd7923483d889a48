namespace EpochCompare.Imaging.Formats.Jpeg;

/// <summary>JFIF YCbCr (BT.601 full range) or plain RGB/gray planes to RGBA pixels.</summary>
internal static class JpegColorConverter
{
    public static void ToRgba(byte[][] planes, bool isYCbCr, RgbaImage image)
    {
        byte[] pixels = image.Pixels;
        int count = image.Width * image.Height;
        if (planes.Length == 1)
        {
            byte[] gray = planes[0];
            for (int i = 0; i < count; i++)
            {
                pixels[i * 4] = pixels[i * 4 + 1] = pixels[i * 4 + 2] = gray[i];
                pixels[i * 4 + 3] = 255;
            }
            return;
        }
        byte[] p0 = planes[0], p1 = planes[1], p2 = planes[2];
        for (int i = 0; i < count; i++)
        {
            if (isYCbCr)
            {
                // 16-bit fixed point with the JFIF coefficients, rounded the way libjpeg's tables are.
                int y = p0[i], cb = p1[i] - 128, cr = p2[i] - 128;
                pixels[i * 4] = Clamp(y + ((FixCrToR * cr + Half) >> Scale));
                pixels[i * 4 + 1] = Clamp(y + ((-FixCbToG * cb - FixCrToG * cr + Half) >> Scale));
                pixels[i * 4 + 2] = Clamp(y + ((FixCbToB * cb + Half) >> Scale));
            }
            else
            {
                pixels[i * 4] = p0[i];
                pixels[i * 4 + 1] = p1[i];
                pixels[i * 4 + 2] = p2[i];
            }
            pixels[i * 4 + 3] = 255;
        }
    }

    private const int Scale = 16;
    private const int Half = 1 << (Scale - 1);
    private const int FixCrToR = 91881;  // round(1.40200 * 2^16)
    private const int FixCbToG = 22554;  // round(0.34414 * 2^16)
    private const int FixCrToG = 46802;  // round(0.71414 * 2^16)
    private const int FixCbToB = 116130; // round(1.77200 * 2^16)

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
