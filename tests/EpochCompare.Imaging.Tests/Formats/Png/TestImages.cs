namespace EpochCompare.Imaging.Tests.Formats.Png;

/// <summary>Deterministic synthetic images with smooth regions, edges and noise, so every filter wins somewhere.</summary>
internal static class TestImages
{
    public static RgbaImage Pattern(int width, int height, bool withAlpha, int seed = 1)
    {
        var random = new Random(seed);
        var image = new RgbaImage(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                byte r = (byte)(x * 255 / Math.Max(1, width - 1));
                byte g = (byte)((x / 7 + y / 5) % 2 == 0 ? 40 : 200);
                byte b = (byte)random.Next(256);
                byte a = withAlpha ? (byte)((x + y * 3) % 256) : (byte)255;
                image[x, y] = new Rgba32(r, g, b, a);
            }
        }
        return image;
    }
}
