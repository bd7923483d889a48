using EpochCompare.Evaluation.Preprocessing;
using EpochCompare.Imaging;

namespace EpochCompare.Evaluation.Tests;

/// <summary>Procedurally drawn test images: deterministic for a given seed, no files.</summary>
internal static class SyntheticImages
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int, int), RgbaImage> Scenes = new();

    /// <summary>A "scene": sky-to-ground gradient, a few coloured discs and bars placed by the seed, mild grain.</summary>
    public static RgbaImage Scene(int seed, int size = 256) => Scenes.GetOrAdd((seed, size), key => DrawScene(key.Item1, key.Item2)).Clone();

    private static RgbaImage DrawScene(int seed, int size)
    {
        var random = new Random(seed);
        var image = new RgbaImage(size, size);
        var top = RandomColor(random);
        var bottom = RandomColor(random);
        for (int y = 0; y < size; y++)
        {
            double t = (double)y / (size - 1);
            for (int x = 0; x < size; x++)
            {
                image[x, y] = Mix(top, bottom, t);
            }
        }
        int shapes = 3 + random.Next(3);
        for (int s = 0; s < shapes; s++)
        {
            var color = RandomColor(random);
            double cx = random.NextDouble() * size, cy = random.NextDouble() * size;
            double r = size * (0.08 + random.NextDouble() * 0.2);
            bool disc = random.Next(2) == 0;
            double angle = random.NextDouble() * Math.PI;
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    double dx = x - cx, dy = y - cy;
                    bool inside = disc
                        ? dx * dx + dy * dy < r * r
                        : Math.Abs(dx * Math.Cos(angle) + dy * Math.Sin(angle)) < r && Math.Abs(-dx * Math.Sin(angle) + dy * Math.Cos(angle)) < r * 0.25;
                    if (inside)
                    {
                        image[x, y] = color;
                    }
                }
            }
        }
        return AddNoise(image, seed + 7919, 3);
    }

    public static RgbaImage Noise(int seed, int size = 256)
    {
        var random = new Random(seed);
        var image = new RgbaImage(size, size);
        random.NextBytes(image.Pixels);
        for (int i = 3; i < image.Pixels.Length; i += 4)
        {
            image.Pixels[i] = 255;
        }
        return image;
    }

    public static RgbaImage AddNoise(RgbaImage source, int seed, double amplitude)
    {
        var random = new Random(seed);
        var image = source.Clone();
        for (int i = 0; i < image.Pixels.Length; i++)
        {
            if (i % 4 != 3)
            {
                double noisy = image.Pixels[i] + (random.NextDouble() * 2 - 1) * amplitude;
                image.Pixels[i] = (byte)Math.Clamp(Math.Round(noisy), 0, 255);
            }
        }
        return image;
    }

    /// <summary>Over-saturated, over-contrasted copy: chroma and contrast pushed until channels clip.</summary>
    public static RgbaImage Fry(RgbaImage source, int seed)
    {
        var image = source.Clone();
        for (int i = 0; i < image.Pixels.Length; i += 4)
        {
            double r = image.Pixels[i], g = image.Pixels[i + 1], b = image.Pixels[i + 2];
            double grey = (r + g + b) / 3;
            image.Pixels[i] = Push(r, grey);
            image.Pixels[i + 1] = Push(g, grey);
            image.Pixels[i + 2] = Push(b, grey);
        }
        return AddNoise(image, seed, 60);
        static byte Push(double c, double grey) => (byte)Math.Clamp(Math.Round(128 + (grey - 128) * 1.8 + (c - grey) * 3.0), 0, 255);
    }

    public static RgbaImage FlipHorizontal(RgbaImage source)
    {
        var image = new RgbaImage(source.Width, source.Height);
        for (int y = 0; y < source.Height; y++)
        {
            for (int x = 0; x < source.Width; x++)
            {
                image[source.Width - 1 - x, y] = source[x, y];
            }
        }
        return image;
    }

    /// <summary>Nearest-neighbour resize: a crude re-encoding a hash must survive.</summary>
    public static RgbaImage ResizeNearest(RgbaImage source, int width, int height)
    {
        var image = new RgbaImage(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image[x, y] = source[x * source.Width / width, y * source.Height / height];
            }
        }
        return image;
    }

    /// <summary>Box-filter resize (each output pixel the mean of the source pixels it covers), as an image editor would.</summary>
    public static RgbaImage ResizeBox(RgbaImage source, int width, int height)
    {
        var image = new RgbaImage(width, height);
        for (int y = 0; y < height; y++)
        {
            int y0 = y * source.Height / height, y1 = Math.Max(y0 + 1, (y + 1) * source.Height / height);
            for (int x = 0; x < width; x++)
            {
                int x0 = x * source.Width / width, x1 = Math.Max(x0 + 1, (x + 1) * source.Width / width);
                double r = 0, g = 0, b = 0;
                for (int sy = y0; sy < y1; sy++)
                {
                    for (int sx = x0; sx < x1; sx++)
                    {
                        var p = source[sx, sy];
                        r += p.R;
                        g += p.G;
                        b += p.B;
                    }
                }
                int n = (y1 - y0) * (x1 - x0);
                image[x, y] = new Rgba32((byte)Math.Round(r / n), (byte)Math.Round(g / n), (byte)Math.Round(b / n));
            }
        }
        return image;
    }

    /// <summary>Rounds every channel to a multiple of <paramref name="step"/>: a lossy re-encoding stand-in.</summary>
    public static RgbaImage Quantize(RgbaImage source, int step)
    {
        var image = source.Clone();
        for (int i = 0; i < image.Pixels.Length; i++)
        {
            if (i % 4 != 3)
            {
                image.Pixels[i] = (byte)Math.Min(255, (image.Pixels[i] + step / 2) / step * step);
            }
        }
        return image;
    }

    public static AnalysisImage Prepared(RgbaImage image) => AnalysisCanvas.Prepare(image);

    public static Plane PlaneFrom(int width, int height, Func<int, int, double> value)
    {
        var plane = new Plane(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                plane[x, y] = (float)value(x, y);
            }
        }
        return plane;
    }

    private static Rgba32 RandomColor(Random random) => new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));

    private static Rgba32 Mix(Rgba32 a, Rgba32 b, double t) => new(
        (byte)Math.Round(a.R + (b.R - a.R) * t),
        (byte)Math.Round(a.G + (b.G - a.G) * t),
        (byte)Math.Round(a.B + (b.B - a.B) * t));
}
