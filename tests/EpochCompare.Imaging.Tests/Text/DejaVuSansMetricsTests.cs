using EpochCompare.Imaging.Drawing;
using EpochCompare.Imaging.Text;

namespace EpochCompare.Imaging.Tests.Text;

/// <summary>
/// DejaVu Sans from Debian's fonts-dejavu-core (part of the base image; CI installs the package).
/// Expected numbers were read from the same file by an independent route: a Python struct script
/// that decodes the table directory, hhea, hmtx, the (3,1) format-4 cmap, the kern pairs and glyf headers.
/// </summary>
public class DejaVuSansMetricsTests
{
    internal const string DejaVuSansPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    private static readonly Lazy<TrueTypeFont> Font = new(() => TrueTypeFont.Load(DejaVuSansPath));

    [Fact]
    public void HeaderMetricsMatchTheFile()
    {
        TrueTypeFont font = Font.Value;
        Assert.Equal(2048, font.UnitsPerEm);
        Assert.Equal(1901, font.Ascender);
        Assert.Equal(-483, font.Descender);
        Assert.Equal(0, font.LineGap);
        Assert.Equal(2727, font.KerningPairCount);
    }

    [Theory]
    [InlineData('A', 36, 1401)]
    [InlineData('V', 57, 1401)]
    [InlineData('W', 58, 2025)]
    [InlineData('a', 68, 1255)]
    [InlineData(' ', 3, 651)]
    [InlineData('é', 171, 1260)]
    [InlineData('€', 2948, 1303)]
    public void CharactersMapToTheirGlyphsAndAdvances(char c, int glyph, int advance)
    {
        Assert.Equal(glyph, Font.Value.GlyphIndex(c));
        Assert.Equal(advance, Font.Value.AdvanceWidth(glyph));
    }

    [Fact]
    public void UnknownCodePointsMapToTheMissingGlyph()
    {
        Assert.Equal(0, Font.Value.GlyphIndex(0x10FFFD));
        Assert.Equal(0, Font.Value.GlyphIndex(-5));
    }

    [Theory]
    [InlineData('A', 'V', -131)]
    [InlineData('V', 'A', -131)]
    [InlineData('A', 'W', -112)]
    [InlineData('T', 'o', -348)]
    [InlineData('T', 'y', -319)]
    [InlineData('o', 'o', 0)]
    public void KerningPairsComeFromTheKernTable(char left, char right, int expected)
    {
        TrueTypeFont font = Font.Value;
        Assert.Equal(expected, font.Kerning(font.GlyphIndex(left), font.GlyphIndex(right)));
    }

    [Fact]
    public void MeasuredWidthIncludesKerning()
    {
        var font = new Font(Font.Value, 2048); // one pixel per unit
        Assert.Equal(1401 + 1401 - 131, font.MeasureWidth("AV"), 3);
        Assert.Equal(1401 + 651 + 1401, font.MeasureWidth("A V"), 3);
    }

    [Fact]
    public void SimpleGlyphOutlineSpansItsBoundingBox()
    {
        // glyf header of 'A': 2 contours, box (16, 0) .. (1384, 1493).
        VectorPath outline = Font.Value.Outline(36);
        var contours = PathFlattener.Flatten(outline);
        Assert.Equal(2, contours.Count);
        (var min, var max) = outline.ControlBounds();
        Assert.Equal(16, min.X);
        Assert.Equal(0, min.Y);
        Assert.Equal(1384, max.X);
        Assert.Equal(1493, max.Y);
    }

    [Fact]
    public void CompositeGlyphCombinesItsComponents()
    {
        // 'é' is composite (contour count -1 in glyf): 'e' (2 contours, box y -29..1147) plus an acute accent above it.
        VectorPath outline = Font.Value.Outline(171);
        Assert.Equal(3, PathFlattener.Flatten(outline).Count);
        (var min, var max) = outline.ControlBounds();
        Assert.Equal(-29, min.Y, 1);
        Assert.Equal(1638, max.Y, 1);
        Assert.Equal(113, min.X, 1);
    }

    [Fact]
    public void RenderedCapitalIHasASolidStem()
    {
        var image = RgbaImage.Filled(40, 60, Rgba32.White);
        var font = new Font(Font.Value, 48);
        TextRenderer.DrawLine(new Canvas(image), font, "I", 5, 50, Rgba32.Black);
        // The stem is about 0.14 em wide: some pixel columns must be fully black across its height.
        int solidColumns = 0;
        for (int x = 0; x < 40; x++)
        {
            bool solid = true;
            for (int y = 20; y < 45; y++)
            {
                solid &= image[x, y] == Rgba32.Black;
            }
            solidColumns += solid ? 1 : 0;
        }
        Assert.InRange(solidColumns, 4, 8);
        Assert.Equal(Rgba32.White, image[2, 30]);
    }

    [Fact]
    public void BrokenFontFilesAreRejectedWithTheirName()
    {
        byte[] bytes = File.ReadAllBytes(DejaVuSansPath);
        var ex = Assert.Throws<InvalidDataException>(() => TrueTypeFont.Parse(bytes[..2000], "cut.ttf"));
        Assert.StartsWith("cut.ttf:", ex.Message);
        var notAFont = Assert.Throws<InvalidDataException>(() => TrueTypeFont.Parse(new byte[64], "zeros.ttf"));
        Assert.Contains("zeros.ttf", notAFont.Message);
    }
}
