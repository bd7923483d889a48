using System.Diagnostics;
using System.IO.Compression;
using EpochCompare.Imaging.Formats.Png;
using EpochCompare.Imaging.Processing;

namespace EpochCompare.Imaging.Bench;

/// <summary>
/// Times PNG encode (both compression levels) and decode, and Lanczos resizes, on a deterministic
/// picture mixing flat areas, gradients and noise (what grids of generated samples look like).
/// Each operation is warmed up first, then its median over a few runs is reported.
/// </summary>
public static class CodecBenchmark
{
    public static IReadOnlyList<CodecBenchResult> Run(int iterations = 5)
    {
        var photo = SyntheticPicture(1024, 1024, seed: 1);
        var grid = SyntheticPicture(40 * 256, 4 * 256, seed: 2); // 40 x 4 cells of 256 px: about 10 MP
        var fastest = new PngEncoderOptions { CompressionLevel = CompressionLevel.Fastest };
        byte[] encoded = PngEncoder.Encode(photo);
        var results = new List<CodecBenchResult>
        {
            Time("png encode 1024x1024 optimal", () => PngEncoder.Encode(photo).LongLength, iterations),
            Time("png encode 1024x1024 fastest", () => PngEncoder.Encode(photo, fastest).LongLength, iterations),
            Time("png decode 1024x1024", () => PngDecoder.Decode(encoded).Image.Pixels.LongLength, iterations, reportBytes: false),
            Time("png encode 10240x1024 grid optimal", () => PngEncoder.Encode(grid).LongLength, Math.Min(iterations, 3)),
            Time("png encode 10240x1024 grid fastest", () => PngEncoder.Encode(grid, fastest).LongLength, Math.Min(iterations, 3)),
            Time("resize lanczos3 1024->256", () => Resampler.Resize(photo, 256, 256).Pixels.LongLength, iterations, reportBytes: false),
            Time("resize lanczos3 256->1024", () => Resampler.Resize(Resampler.Resize(photo, 256, 256, ResampleFilter.Area), 1024, 1024).Pixels.LongLength, iterations, reportBytes: false),
        };
        return results;
    }

    /// <summary>Flat bands, gradients, a noisy region and hard edges; fully opaque.</summary>
    public static RgbaImage SyntheticPicture(int width, int height, int seed)
    {
        var image = new RgbaImage(width, height);
        var random = new Random(seed);
        byte[] pixels = image.Pixels;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = (y * width + x) * 4;
                int cell = (x / 256 + y / 256) % 3;
                int noise = cell == 2 ? random.Next(-20, 21) : 0;
                pixels[i] = (byte)Math.Clamp(cell == 0 ? 240 : (x * 255 / width) + noise, 0, 255);
                pixels[i + 1] = (byte)Math.Clamp(cell == 0 ? 240 : (y % 256) + noise, 0, 255);
                pixels[i + 2] = (byte)Math.Clamp(cell == 1 ? 90 : 160 + noise, 0, 255);
                pixels[i + 3] = 255;
            }
        }
        return image;
    }

    private static CodecBenchResult Time(string name, Func<long> operation, int iterations, bool reportBytes = true)
    {
        long bytes = operation(); // warm-up (JIT, caches)
        var times = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            operation();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return new CodecBenchResult(name, times[iterations / 2], reportBytes ? bytes : null);
    }
}
