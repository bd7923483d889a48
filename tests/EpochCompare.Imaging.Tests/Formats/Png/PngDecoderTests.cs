using System.IO.Compression;
using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Formats.Png;

namespace EpochCompare.Imaging.Tests.Formats.Png;

/// <summary>PNG decoding, now through Skia's libpng, against the independent references committed beside each fixture.</summary>
public class PngDecoderTests
{
    public static TheoryData<string> SyntheticNames => PngFixtures.Names("Synthetic");

    public static TheoryData<string> DebianNames => PngFixtures.Names("Debian");

    [Theory]
    [MemberData(nameof(SyntheticNames))]
    public void EveryColourTypeAndDepthDecodesToTheIndependentlyComputedPixels(string name)
    {
        AssertDecodesToReference("Synthetic", name);
    }

    [Theory]
    [MemberData(nameof(DebianNames))]
    public void DebianPngFilesMatchLibpng(string name)
    {
        AssertDecodesToReference("Debian", name);
    }

    [Fact]
    public void FixtureSetCoversAllColourTypesDepthsAndInterlacing()
    {
        // IHDR bytes 24-28 of the file: bit depth, colour type, compression, filter, interlace.
        var headers = Directory.GetFiles(PngFixtures.Folder("Synthetic"), "*.png")
            .Select(f => File.ReadAllBytes(f)[24..29]).ToList();
        var combos = headers.Select(h => (ColorType: h[1], BitDepth: h[0])).ToHashSet();
        Assert.Equal(15, combos.Count); // 5 gray + 2 gray-alpha + 2 RGB + 2 RGBA + 4 palette
        Assert.Contains(headers, h => h[4] == 1);
    }

    [Fact]
    public void EncoderOutputRoundTripsWithTexts()
    {
        foreach (bool alpha in new[] { false, true })
        {
            var image = TestImages.Pattern(41, 29, alpha);
            PngText[] texts = [new("parameters", "cat, Steps: 20"), new("manifest", "{\"a\":\"→\"}", International: true)];
            byte[] png = PngEncoder.Encode(image, new PngEncoderOptions { Texts = texts });
            Assert.Equal(image.Pixels, ImageFile.Decode(png, "round-trip.png").Pixels);
            Assert.Equal(alpha ? 6 : 2, png[25]); // colour type: RGBA / RGB
            Assert.Equal(texts, PngTextReader.Read(png));
        }
    }

    [Fact]
    public void TextZtxtAndCompressedItxtChunksAreReadBack()
    {
        var texts = PngTextReader.Read(Path.Combine(PngFixtures.Folder("Synthetic"), "rgb8_texts.png"));
        Assert.Equal(
            [
                new PngText("parameters", "a photo of a cat\nSteps: 20"),
                new PngText("Comment", "café latin-1"),
                new PngText("manifest", "{\"seed\":1,\"arrow\":\"→\"}", International: true),
                new PngText("plain", "über", International: true),
            ],
            texts);
    }

    [Fact]
    public void CorruptIhdrCrcIsRejectedByTheDecoderAndTheTextReader()
    {
        byte[] png = PngEncoder.Encode(TestImages.Pattern(8, 8, false));
        png[20] ^= 0x01; // inside IHDR data
        var e = Assert.Throws<InvalidDataException>(() => ImageFile.Decode(png, "crc.png"));
        Assert.StartsWith("crc.png: ", e.Message);
        var text = Assert.Throws<InvalidDataException>(() => PngTextReader.Read(png));
        Assert.Contains("IHDR", text.Message);
        Assert.Contains("CRC", text.Message);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(60)]
    public void TruncatedFilesAreReportedAsTruncated(int cut)
    {
        byte[] png = PngEncoder.Encode(TestImages.Pattern(16, 16, false));
        var e = Assert.Throws<InvalidDataException>(() => ImageFile.Decode(png.AsSpan(0, png.Length - cut), "cut.png"));
        Assert.StartsWith("cut.png: ", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void ShortImageDataIsReportedAsTruncatedImageData()
    {
        // A valid zlib stream that holds fewer bytes than the rows need.
        byte[] png = BuildPng(2, 2, 2, zlibBody: Compress([0, 1, 2, 3, 4, 5, 6]));
        var e = Assert.Throws<InvalidDataException>(() => ImageFile.Decode(png, "short.png"));
        Assert.Equal("short.png: PNG image data is truncated (the file ends before the image does).", e.Message);
    }

    [Fact]
    public void CorruptZlibDataIsReportedAsSuch()
    {
        byte[] png = BuildPng(2, 2, 2, zlibBody: [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x11]);
        var e = Assert.Throws<InvalidDataException>(() => ImageFile.Decode(png, "zlib.png"));
        Assert.StartsWith("zlib.png: PNG image data is", e.Message);
    }

    [Fact]
    public void UnknownFilterTypeIsReported()
    {
        byte[] png = BuildPng(1, 1, 2, zlibBody: Compress([9, 1, 2, 3]));
        var e = Assert.Throws<InvalidDataException>(() => ImageFile.Decode(png, "filter.png"));
        Assert.StartsWith("filter.png: PNG image data is", e.Message);
    }

    [Fact]
    public void NonPngAndLoadErrorsNameTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-a-png-{Guid.NewGuid():N}.png");
        File.WriteAllText(path, "GIF89a hello");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => ImageFile.Load(path));
            Assert.StartsWith(path + ": ", e.Message);
            Assert.Contains("not", e.Message);
            Assert.DoesNotContain("\n", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertDecodesToReference(string folder, string name)
    {
        string dir = PngFixtures.Folder(folder);
        byte[] actual = ImageFile.Load(Path.Combine(dir, name + ".png")).Pixels;
        byte[] expected = File.ReadAllBytes(Path.Combine(dir, name + ".rgba"));
        Assert.Equal(expected.Length, actual.Length);
        if (!name.Contains("16"))
        {
            Assert.Equal(expected, actual);
            return;
        }
        // 16-bit samples: the references keep the high byte (libpng's strip-16); Skia rounds v * 255 / 65535,
        // which is the high byte or one more. Exact tRNS/alpha handling is still checked bit for bit below.
        int worst = expected.Zip(actual, (e, a) => a - e).Max();
        int least = expected.Zip(actual, (e, a) => a - e).Min();
        Assert.True(least >= 0 && worst <= 1, $"{name}: differences {least}..{worst}, expected 0..1");
    }

    private static byte[] Compress(byte[] data)
    {
        var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(data);
        }
        return output.ToArray();
    }

    /// <summary>A hand-assembled PNG with arbitrary IDAT contents, CRCs computed independently.</summary>
    private static byte[] BuildPng(int width, int height, byte colorType, byte[] zlibBody)
    {
        var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] ihdr = [0, 0, 0, (byte)width, 0, 0, 0, (byte)height, 8, colorType, 0, 0, 0];
        WriteChunk(output, "IHDR", ihdr);
        WriteChunk(output, "IDAT", zlibBody);
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        byte[] typeAndData = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        uint crc = PngTestReader.BitwiseCrc(typeAndData);
        output.Write([(byte)(data.Length >> 24), (byte)(data.Length >> 16), (byte)(data.Length >> 8), (byte)data.Length]);
        output.Write(typeAndData);
        output.Write([(byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc]);
    }
}
