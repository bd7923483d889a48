using EpochCompare.Imaging.Drawing;
using EpochCompare.Imaging.Text;

namespace EpochCompare.Imaging.Tests.Text;

public class StrokeFontTests
{
    private static readonly StrokeFont Face = StrokeFont.Default;

    [Fact]
    public void EveryPrintableAsciiCharacterHasItsOwnGlyph()
    {
        for (int c = 32; c <= 126; c++)
        {
            int glyph = Face.GlyphIndex(c);
            Assert.True(glyph > 0, $"'{(char)c}' has no glyph");
            Assert.True(Face.AdvanceWidth(glyph) > 0, $"'{(char)c}' has no advance");
            Assert.Equal(c == ' ', Face.Outline(glyph).IsEmpty);
        }
        Assert.Equal(0, Face.GlyphIndex('é'));
        Assert.False(Face.Outline(0).IsEmpty); // the missing-glyph box
    }

    [Fact]
    public void EveryCharacterRendersInkInsideItsCellAndNoTwoLookAlike()
    {
        var font = new Font(Face, 28);
        var seen = new Dictionary<string, char>();
        for (int c = 33; c <= 126; c++)
        {
            var image = RgbaImage.Filled(40, 40, Rgba32.White);
            TextRenderer.DrawLine(new Canvas(image), font, ((char)c).ToString(), 8, 28, Rgba32.Black);
            int ink = 0;
            var signature = new System.Text.StringBuilder();
            for (int y = 0; y < 40; y++)
            {
                for (int x = 0; x < 40; x++)
                {
                    bool dark = image[x, y].R < 128;
                    ink += dark ? 1 : 0;
                    signature.Append(dark ? '#' : '.');
                    // Ink stays within the em box around the pen position (pen width of slack).
                    if (dark)
                    {
                        Assert.InRange(x, 8 - 2, 8 + font.Size);
                        Assert.InRange(y, 28 - font.Ascent - 2, 28 + font.Descent + 2);
                    }
                }
            }
            Assert.True(ink >= 4, $"'{(char)c}' left almost no ink ({ink} pixels)");
            Assert.False(seen.TryGetValue(signature.ToString(), out char twin), $"'{(char)c}' renders exactly like '{twin}'");
            seen[signature.ToString()] = (char)c;
        }
    }

    [Fact]
    public void MalformedFontDataNamesTheLine()
    {
        var ex = Assert.Throws<InvalidDataException>(() => StrokeFont.Parse("missing 8 M 0 0 L 1 1\n'A' 9 L 1 1", "bad.txt"));
        Assert.Contains("bad.txt line 2", ex.Message);
        Assert.Throws<InvalidDataException>(() => StrokeFont.Parse("'A' 9 M 1 1 L 2 2", "nomissing.txt"));
    }

    [Fact]
    public void LocatorPrefersAnExplicitFileAndReportsAMissingOne()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => FontLocator.Resolve("/no/such/font.ttf"));
        Assert.Contains("/no/such/font.ttf", ex.Message);
        ITypeface explicitFont = FontLocator.Resolve(DejaVuSansMetricsTests.DejaVuSansPath);
        Assert.Equal("DejaVuSans", explicitFont.Name);
    }
}
