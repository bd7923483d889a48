using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Formats.Png;

namespace EpochCompare.Imaging.Tests.Formats;

public class ImageFileTests
{
    [Fact]
    public void LoadPicksTheDecoderBySignatureNotExtension()
    {
        string dir = Directory.CreateTempSubdirectory("imagefile").FullName;
        try
        {
            var png = Tests.Formats.Png.TestImages.Pattern(9, 7, withAlpha: true);
            string pngNamedJpg = Path.Combine(dir, "really-a-png.jpg");
            PngEncoder.Save(png, pngNamedJpg);
            Assert.Equal(png.Pixels, ImageFile.Load(pngNamedJpg).Pixels);

            string jpegSource = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Jpeg", "baseline-420-q90.jpg");
            string jpegNamedPng = Path.Combine(dir, "really-a-jpeg.png");
            File.Copy(jpegSource, jpegNamedPng);
            Assert.Equal(ImageFile.Load(jpegSource).Pixels, ImageFile.Load(jpegNamedPng).Pixels);

            string text = Path.Combine(dir, "notes.png");
            File.WriteAllText(text, "hello");
            var e = Assert.Throws<InvalidDataException>(() => ImageFile.Load(text));
            Assert.StartsWith(text + ": ", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
