using System.Diagnostics;
using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Formats.Png;
using EpochCompare.Imaging.Tests.Formats.Png;

namespace EpochCompare.Imaging.Tests.Formats;

/// <summary>
/// Thousands of damaged PNG, JPEG and WebP files (cut short, bytes flipped, sizes in the header made huge):
/// each must give an image or our one-line error naming the file, never another exception, a crash, a hang
/// or a huge allocation. Deterministic (fixed seeds), a few seconds in all.
/// </summary>
public class DecodeFuzzTests
{
    private const int MutationsPerSeed = 700;
    private const long PixelLimit = 4_000_000; // a lower limit than the default, so "huge" headers hit it fast

    public static TheoryData<string> Seeds => new()
    {
        "png-rgba", "png-adam7", "jpeg-baseline", "jpeg-progressive", "webp-lossy", "webp-lossless-alpha",
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void DamagedFilesGiveAnImageOrOneLineNamingTheFile(string seedName)
    {
        byte[] seed = SeedFile(seedName);
        var random = new Random(seedName.Length * 7919 + seed.Length);
        int images = 0, errors = 0;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var clock = Stopwatch.StartNew();
        double slowest = 0;
        for (int i = 0; i < MutationsPerSeed; i++)
        {
            byte[] mutated = Mutate(seed, random, out string how);
            string name = $"fuzz-{seedName}-{i}";
            long start = clock.ElapsedTicks;
            try
            {
                RgbaImage image = ImageFile.Decode(mutated, name, PixelLimit);
                Assert.True((long)image.Width * image.Height <= PixelLimit, $"{name} ({how}): {image.Width}x{image.Height} over the limit");
                images++;
            }
            catch (InvalidDataException e)
            {
                Assert.StartsWith(name + ": ", e.Message);
                Assert.DoesNotContain('\n', e.Message);
                errors++;
            }
            slowest = Math.Max(slowest, (clock.ElapsedTicks - start) / (double)Stopwatch.Frequency);
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        Assert.True(slowest < 1.0, $"{seedName}: one file took {slowest:0.000} s");
        // Each decode may allocate its own pixels (at most the limit) and a copy of the input; nothing near a GB per file.
        Assert.True(allocated / MutationsPerSeed < 8 * PixelLimit, $"{seedName}: {allocated / MutationsPerSeed} bytes a file");
        Assert.True(images > 0 && errors > 0, $"{seedName}: {images} images, {errors} errors (mutations should produce both)");
    }

    [Theory]
    [InlineData("png-rgba")]
    [InlineData("jpeg-baseline")]
    [InlineData("webp-lossy")]
    public void AHeaderClaimingAHugeSizeIsRefusedBeforeDecoding(string seedName)
    {
        byte[] huge = WithSize(SeedFile(seedName), seedName, 16000, 16000);
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<InvalidDataException>(() => ImageFile.Decode(huge, "huge"));
        Assert.Matches(@"^huge: (PNG|JPEG|WebP) of 16000x16000 \(256 MP\) is over the 100 MP limit for one image\.$", e.Message);
        Assert.True(clock.Elapsed.TotalSeconds < 1);
    }

    private static byte[] SeedFile(string name)
    {
        string fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        return name switch
        {
            "png-rgba" => PngEncoder.Encode(TestImages.Pattern(40, 30, withAlpha: true)),
            "png-adam7" => File.ReadAllBytes(Path.Combine(fixtures, "Png", "Synthetic", "rgba8_adam7.png")),
            "jpeg-baseline" => File.ReadAllBytes(Path.Combine(fixtures, "Jpeg", "baseline-420-q90.jpg")),
            "jpeg-progressive" => File.ReadAllBytes(Path.Combine(fixtures, "Jpeg", "progressive-444-q95.jpg")),
            "webp-lossy" => File.ReadAllBytes(Path.Combine(fixtures, "WebpGifBmp", "lossy-q80.webp")),
            _ => File.ReadAllBytes(Path.Combine(fixtures, "WebpGifBmp", "lossless-alpha.webp")),
        };
    }

    private static byte[] Mutate(byte[] seed, Random random, out string how)
    {
        byte[] data = (byte[])seed.Clone();
        switch (random.Next(4))
        {
            case 0:
                how = "truncated";
                return data[..random.Next(0, data.Length)];
            case 1:
                how = "bytes flipped";
                for (int k = random.Next(1, 9); k > 0; k--)
                {
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                }
                return data;
            case 2:
                how = "header bytes randomised";
                for (int k = random.Next(1, 5); k > 0; k--)
                {
                    data[random.Next(Math.Min(64, data.Length))] = (byte)random.Next(256);
                }
                return data;
            default:
                how = "size bytes set high";
                int at = random.Next(Math.Min(40, data.Length - 2));
                data[at] = 0xFF;
                data[at + 1] = (byte)random.Next(256);
                return data;
        }
    }

    /// <summary>The seed with the size fields of its header rewritten (CRC fixed for PNG so the size is what fails).</summary>
    private static byte[] WithSize(byte[] file, string seedName, int width, int height)
    {
        byte[] data = (byte[])file.Clone();
        if (seedName.StartsWith("png"))
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(16), width);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(20), height);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(29), PngTestReader.BitwiseCrc(data.AsSpan(12, 17)));
            return data;
        }
        if (seedName.StartsWith("jpeg"))
        {
            int sof = 2;
            while (!(data[sof] == 0xFF && data[sof + 1] is 0xC0 or 0xC2))
            {
                sof += 2 + (data[sof + 2] << 8 | data[sof + 3]);
            }
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(sof + 5), (ushort)height);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(sof + 7), (ushort)width);
            return data;
        }
        // Lossy VP8 key frame: 14-bit width and height after the 3-byte frame tag and the 3-byte start code.
        Assert.Equal("VP8 ", System.Text.Encoding.ASCII.GetString(data, 12, 4));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(26), (ushort)width);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(28), (ushort)height);
        return data;
    }
}
