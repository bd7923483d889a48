using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using EpochCompare.Imaging.Formats.Png;

namespace EpochCompare.Imaging.Tests.Formats.Png;

public class PngEncoderTests
{
    [Fact]
    public void FileStartsWithThePngSignatureAndEndsWithIend()
    {
        byte[] png = PngEncoder.Encode(RgbaImage.Filled(2, 2, Rgba32.White));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, png[..8]);
        Assert.Equal(new byte[] { 0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82 }, png[^12..]);
    }

    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(37, 23, false)]
    [InlineData(64, 17, true)]
    [InlineData(3, 50, true)]
    public void PixelsSurviveAnIndependentDecode(int width, int height, bool alpha)
    {
        var image = TestImages.Pattern(width, height, alpha);
        var decoded = PngTestReader.Decode(PngEncoder.Encode(image));
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        Assert.Equal(alpha ? 4 : 3, decoded.Channels);
        for (int i = 0, o = 0; i < image.Pixels.Length; i += 4)
        {
            for (int c = 0; c < decoded.Channels; c++)
            {
                Assert.Equal(image.Pixels[i + c], decoded.Pixels[o++]);
            }
        }
    }

    [Fact]
    public void ImageDataLargerThanOneChunkIsSplitIntoSeveralIdatChunksThatDecodeAsOne()
    {
        // Noise does not compress: 300 x 300 RGBA is about 360 KB of deflate output, more than one 256 KB chunk.
        var image = new RgbaImage(300, 300);
        new Random(3).NextBytes(image.Pixels);
        byte[] png = PngEncoder.Encode(image);
        var chunks = PngTestReader.ReadChunks(png);
        Assert.True(chunks.Count(c => c.Type == "IDAT") >= 2);
        Assert.Equal(image.Pixels, PngTestReader.Decode(png).Pixels);
    }

    [Fact]
    public void OpaqueImagesAreWrittenAsRgbAndTranslucentOnesAsRgba()
    {
        var image = RgbaImage.Filled(4, 4, Rgba32.Black);
        Assert.Equal(2, Ihdr(PngEncoder.Encode(image))[9]);
        image[3, 3] = new Rgba32(0, 0, 0, 254);
        Assert.Equal(6, Ihdr(PngEncoder.Encode(image))[9]);
    }

    [Fact]
    public void EveryRowIsSubFiltered()
    {
        var image = TestImages.Pattern(120, 80, withAlpha: false);
        var chunks = PngTestReader.ReadChunks(PngEncoder.Encode(image));
        var idat = new MemoryStream(chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());
        var raw = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(raw);
        }
        byte[] data = raw.ToArray();
        Assert.Equal(80 * (120 * 3 + 1), data.Length);
        Assert.All(Enumerable.Range(0, 80), y => Assert.Equal(1, data[y * (120 * 3 + 1)])); // filter type 1: Sub
    }

    [Fact]
    public void TextChunksAreWrittenBeforeImageDataWithExactLayout()
    {
        var options = new PngEncoderOptions
        {
            Texts =
            [
                new PngText("parameters", "a cat\nSteps: 20, Seed: 1"),
                new PngText("epochcompare", "{\"cell\":\"é→ü\"}", International: true),
            ],
        };
        var chunks = PngTestReader.ReadChunks(PngEncoder.Encode(RgbaImage.Filled(3, 3, Rgba32.White), options));
        // Our chunks right after IHDR; Skia's own ancillary chunks (sBIT) may follow before the image data.
        Assert.Equal(new[] { "IHDR", "tEXt", "iTXt" }, chunks.Take(3).Select(c => c.Type));
        Assert.True(chunks.FindIndex(c => c.Type == "IDAT") > 2);
        Assert.Equal("IEND", chunks[^1].Type);
        Assert.Equal(Encoding.Latin1.GetBytes("parameters\0a cat\nSteps: 20, Seed: 1"), chunks[1].Data);
        byte[] expectedItxt = [.. Encoding.Latin1.GetBytes("epochcompare\0"), 0, 0, 0, 0, .. Encoding.UTF8.GetBytes("{\"cell\":\"é→ü\"}")];
        Assert.Equal(expectedItxt, chunks[2].Data);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" lead")]
    [InlineData("two  spaces")]
    [InlineData("tab\there")]
    public void InvalidKeywordsAreRejected(string keyword)
    {
        var options = new PngEncoderOptions { Texts = [new PngText(keyword, "x")] };
        Assert.Throws<ArgumentException>(() => PngEncoder.Encode(RgbaImage.Filled(1, 1, Rgba32.White), options));
    }

    [Fact]
    public void NonLatin1TextInATextChunkIsRejectedAndAutoPicksItxt()
    {
        var options = new PngEncoderOptions { Texts = [new PngText("k", "→")] };
        Assert.Throws<ArgumentException>(() => PngEncoder.Encode(RgbaImage.Filled(1, 1, Rgba32.White), options));
        Assert.True(PngText.Auto("k", "→").International);
        Assert.False(PngText.Auto("k", "café").International);
    }

    [Fact]
    public void EncodingIsDeterministicAndCompressionLevelsDecodeToTheSamePixels()
    {
        var image = TestImages.Pattern(90, 70, withAlpha: true);
        byte[] first = PngEncoder.Encode(image);
        Assert.Equal(first, PngEncoder.Encode(image.Clone()));
        var fast = PngEncoder.Encode(image, new PngEncoderOptions { ZLibLevel = 1 });
        Assert.Equal(PngTestReader.Decode(first).Pixels, PngTestReader.Decode(fast).Pixels);
    }

    [Fact]
    public void SaveWritesTheFileAndLeavesNoTemporaryBehind()
    {
        string dir = Directory.CreateTempSubdirectory("png-save").FullName;
        try
        {
            string path = Path.Combine(dir, "out.png");
            File.WriteAllText(path, "old");
            var image = TestImages.Pattern(10, 10, withAlpha: false);
            PngEncoder.Save(image, path);
            Assert.Equal(PngEncoder.Encode(image), File.ReadAllBytes(path));
            Assert.Single(Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static byte[] Ihdr(byte[] png)
    {
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(13u, BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(8)));
        return png[16..29];
    }
}
