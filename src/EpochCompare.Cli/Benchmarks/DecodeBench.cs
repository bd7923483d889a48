using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats;

namespace EpochCompare.Cli.Benchmarks;

/// <summary>Decoding a folder's worth of photos: 100 JPEGs of 1024x1024 (quality 90, 4:2:0) from memory, through Skia.</summary>
internal sealed class DecodeBench : IBenchSection
{
    private const int Count = 100;
    private const int Side = 1024;

    public string Name => "decode";

    public string Description => "100 JPEGs of 1024x1024 decoded to RGBA (Skia's libjpeg-turbo): milliseconds for all";

    public bool RunsByDefault(BenchSettings settings) => true;

    public void Run(BenchContext context)
    {
        byte[][] files = [.. Enumerable.Range(0, Count).Select(i => ImageEncoder.Encode(Picture(i), new ImageEncoding { Format = ImageFormat.Jpeg, Quality = 90 }))];
        long pixels = 0;
        BenchTiming timing = context.MeasureLong(() =>
        {
            pixels = 0;
            foreach (byte[] file in files)
            {
                pixels += ImageFile.Decode(file, "bench.jpg").Pixels.LongLength / 4;
            }
        });
        context.Report("decode_100_jpeg_1024_ms", timing.MedianMs,
            $"decode 100 JPEG 1024x1024:      {timing.BestMs,8:F1} ms best, {timing.MedianMs,8:F1} median ({pixels / 1e6:F0} MP, {files.Sum(f => f.Length) / 1e6:F1} MB of JPEG)");
    }

    /// <summary>Smooth gradients with mild noise and a few edges, different per file: photo-like entropy for the decoder.</summary>
    private static RgbaImage Picture(int index)
    {
        var image = new RgbaImage(Side, Side);
        var random = new Random(index);
        byte[] px = image.Pixels;
        for (int y = 0, i = 0; y < Side; y++)
        {
            for (int x = 0; x < Side; x++, i += 4)
            {
                int n = random.Next(-6, 7);
                bool edge = ((x + index * 37) / 128 + y / 96) % 3 == 0;
                px[i] = (byte)Math.Clamp(x / 4 + index + n, 0, 255);
                px[i + 1] = (byte)Math.Clamp((edge ? 200 : 60) + n, 0, 255);
                px[i + 2] = (byte)Math.Clamp(255 - y / 4 + n, 0, 255);
                px[i + 3] = 255;
            }
        }
        return image;
    }
}
