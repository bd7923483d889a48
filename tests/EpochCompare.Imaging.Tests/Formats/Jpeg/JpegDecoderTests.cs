using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Processing;

namespace EpochCompare.Imaging.Tests.Formats.Jpeg;

/// <summary>JPEG decoding, now through Skia's libjpeg-turbo, against djpeg's output and hand-built EXIF.</summary>
public class JpegDecoderTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Jpeg");

    public static TheoryData<string> FixtureNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string file in Directory.GetFiles(Folder, "*.jpg").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileNameWithoutExtension(file));
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void PixelsAreWithinTwoOfDjpegPerChannel(string name)
    {
        RgbaImage ours = ImageFile.Load(Path.Combine(Folder, name + ".jpg"));
        string reference = Path.Combine(Folder, name + (name.Contains("gray") ? ".pgm" : ".ppm"));
        RgbaImage djpeg = NetpbmReader.Read(reference);
        Assert.Equal((djpeg.Width, djpeg.Height), (ours.Width, ours.Height));
        int worst = 0, worstIndex = 0;
        for (int i = 0; i < ours.Pixels.Length; i++)
        {
            int difference = Math.Abs(ours.Pixels[i] - djpeg.Pixels[i]);
            if (difference > worst)
            {
                worst = difference;
                worstIndex = i;
            }
        }
        Assert.True(worst <= 2, $"{name}: max difference {worst} at pixel ({worstIndex / 4 % ours.Width}, {worstIndex / 4 / ours.Width}) channel {worstIndex % 4}");
    }

    [Fact]
    public void FixturesCoverTheRequiredCodingModes()
    {
        var names = Directory.GetFiles(Folder, "*.jpg").Select(Path.GetFileNameWithoutExtension).ToList();
        foreach (string mode in new[] { "baseline-420", "baseline-422", "baseline-444", "baseline-gray", "progressive-420", "progressive-444", "progressive-gray", "restart" })
        {
            Assert.Contains(names, n => n!.Contains(mode));
        }
    }

    [Theory]
    [InlineData(ImageOrientation.Rotate90Clockwise)]
    [InlineData(ImageOrientation.Rotate180)]
    [InlineData(ImageOrientation.Rotate270Clockwise)]
    [InlineData(ImageOrientation.FlipHorizontal)]
    [InlineData(ImageOrientation.Transpose)]
    public void ExifOrientationInAHandBuiltApp1SegmentIsApplied(ImageOrientation orientation)
    {
        byte[] plain = File.ReadAllBytes(Path.Combine(Folder, "baseline-444-q95.jpg"));
        RgbaImage upright = ImageFile.Decode(plain, "plain.jpg");
        byte[] withExif = InsertAfterSoi(plain, ExifApp1(orientation, littleEndian: orientation == ImageOrientation.Rotate180));
        RgbaImage turned = ImageFile.Decode(withExif, "turned.jpg");
        int w = upright.Width, h = upright.Height;
        // Check each corner of the stored image lands where the orientation says (independent of Orientation.Apply's loop).
        (int X, int Y) Where(int x, int y) => orientation switch
        {
            ImageOrientation.Rotate90Clockwise => (h - 1 - y, x),
            ImageOrientation.Rotate180 => (w - 1 - x, h - 1 - y),
            ImageOrientation.Rotate270Clockwise => (y, w - 1 - x),
            ImageOrientation.FlipHorizontal => (w - 1 - x, y),
            _ => (y, x),
        };
        foreach ((int x, int y) in new[] { (0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1), (10, 3) })
        {
            var (tx, ty) = Where(x, y);
            Assert.Equal(upright[x, y], turned[tx, ty]);
        }
    }

    [Theory]
    [InlineData("baseline-420-q90")]
    [InlineData("progressive-444-q95")]
    public void TruncatedFilesRaiseAClearError(string name)
    {
        byte[] data = File.ReadAllBytes(Path.Combine(Folder, name + ".jpg"));
        var e = Assert.Throws<InvalidDataException>(() => ImageFile.Decode(data[..(data.Length / 2)], name));
        Assert.Equal($"{name}: JPEG image data is truncated (the file ends before the image does).", e.Message);
    }

    [Fact]
    public void CorruptHuffmanTableIsReported()
    {
        byte[] data = File.ReadAllBytes(Path.Combine(Folder, "baseline-444-q95.jpg"));
        int dht = IndexOfMarker(data, 0xC4);
        data[dht + 5] = 200; // 200 codes of length 1 cannot exist
        var e = Assert.Throws<InvalidDataException>(() => ImageFile.Decode(data, "huffman.jpg"));
        Assert.StartsWith("huffman.jpg: ", e.Message);
    }

    [Fact]
    public void UnsupportedAndNonJpegInputIsReportedAndLoadNamesTheFile()
    {
        Assert.StartsWith("three.bin: not", Assert.Throws<InvalidDataException>(() => ImageFile.Decode([1, 2, 3], "three.bin")).Message);
        byte[] data = File.ReadAllBytes(Path.Combine(Folder, "baseline-444-q95.jpg"));
        string path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, data[..100]);
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => ImageFile.Load(path));
            Assert.StartsWith(path + ": ", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int IndexOfMarker(byte[] data, byte marker)
    {
        for (int i = 2; i + 1 < data.Length; i++)
        {
            if (data[i] == 0xFF && data[i + 1] == marker)
            {
                return i;
            }
        }
        throw new InvalidOperationException($"marker {marker:X2} not found");
    }

    private static byte[] InsertAfterSoi(byte[] jpeg, byte[] segment) => [.. jpeg[..2], .. segment, .. jpeg[2..]];

    /// <summary>APP1 "Exif" with a TIFF header and one IFD0 entry: Orientation (0x0112), SHORT, count 1.</summary>
    private static byte[] ExifApp1(ImageOrientation orientation, bool littleEndian)
    {
        var tiff = new List<byte>();
        void U16(int v) => tiff.AddRange(littleEndian ? [(byte)v, (byte)(v >> 8)] : [(byte)(v >> 8), (byte)v]);
        void U32(int v) => tiff.AddRange(littleEndian
            ? [(byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24)]
            : [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
        tiff.AddRange(littleEndian ? "II"u8.ToArray() : "MM"u8.ToArray());
        U16(42);
        U32(8); // IFD0 right after the header
        U16(2); // two entries: an unrelated one first
        U16(0x010F); U16(2); U32(4); tiff.AddRange("Cam\0"u8.ToArray()); // Make, ASCII, fits inline
        U16(0x0112); U16(3); U32(1); U16((int)orientation); U16(0);
        U32(0); // no next IFD
        byte[] body = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        int length = body.Length + 2;
        return [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. body];
    }
}
