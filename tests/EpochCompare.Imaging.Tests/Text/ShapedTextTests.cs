using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Tests.Grids;
using EpochCompare.Imaging.Text;
using SkiaSharp;

namespace EpochCompare.Imaging.Tests.Text;

/// <summary>Label text through Skia and HarfBuzz: the shipped font, kerning, fallback to system fonts, --font.</summary>
public class ShapedTextTests
{
    // Needs Debian's fonts-wqy-microhei (installed by .ci/run): the CJK font fontconfig falls back to.
    private const string ChinesePrompt = "一只红色的猫坐在窗台上，阳光明媚";

    [Fact]
    public void TheShippedFontIsDejaVuSansWithItsMetrics()
    {
        var font = new Font(Typeface.Default, 2048); // one pixel per design unit
        Assert.Equal("DejaVu Sans", Typeface.Default.Name);
        // DejaVu Sans 2.37: hhea ascender 1901, descender -483, line gap 0; 'A' advance 1401 units.
        Assert.Equal(1901, font.Ascent, 0.5);
        Assert.Equal(483, font.Descent, 0.5);
        Assert.Equal(2384, font.LineHeight, 0.5);
        // SkiaSharp.HarfBuzz shapes at 512 units per em, so advances come back in steps of 4 of DejaVu's 2048.
        Assert.Equal(1401, font.MeasureWidth("A"), tolerance: 4f);
        Assert.Equal(2025, font.MeasureWidth("W"), tolerance: 4f);
    }

    [Fact]
    public void ShapingAppliesKerning()
    {
        var font = new Font(Typeface.Default, 100);
        Assert.True(font.MeasureWidth("AV") < font.MeasureWidth("A") + font.MeasureWidth("V") - 1,
            $"AV {font.MeasureWidth("AV")} vs A+V {font.MeasureWidth("A") + font.MeasureWidth("V")}");
    }

    [Fact]
    public void CharactersTheLabelFontLacksComeFromAnInstalledFontNotTofu()
    {
        var font = new Font(Typeface.Default, 24);
        Assert.False(Typeface.Default.HasGlyph('猫')); // DejaVu has no CJK: fallback must do it
        ShapedLine line = TextShaper.Shape(font, "ohwx " + ChinesePrompt);
        ShapedRun cjk = Assert.Single(line.Runs, r => r.Typeface.FamilyName != "DejaVu Sans");
        Assert.Contains("WenQuanYi", cjk.Typeface.FamilyName);
        Assert.Equal(ChinesePrompt.Length, cjk.Glyphs.Length);
        Assert.DoesNotContain((ushort)0, cjk.Glyphs); // glyph 0 is .notdef, the tofu box
        Assert.True(font.MeasureWidth(ChinesePrompt) > ChinesePrompt.Length * 24 * 0.8f); // full-width characters
    }

    [Fact]
    public void AChinesePromptRendersDistinctGlyphsWithInkInTheTitleBand()
    {
        PromptGrid shape = GridTestData.Epochs(2, 1, 96);
        var grid = new PromptGrid(ChinesePrompt, shape.Columns, shape.Rows);
        for (int c = 0; c < shape.Columns.Count; c++)
        {
            grid.SetImage(0, c, GridTestData.Cell(96, 0, c));
        }
        GridPage page = Assert.Single(GridRenderer.Render(grid));
        GridLayout layout = GridLayout.Create(grid, page.Columns, 96, 96, Typeface.Default, GridOptions.Default);
        PixelRect band = layout.TitleBand;
        int ink = 0;
        for (int y = band.Y; y < band.Bottom; y++)
        {
            for (int x = band.X; x < band.Right; x++)
            {
                ink += page.Image[x, y].R < 128 ? 1 : 0;
            }
        }
        // Chinese glyphs are dense: well over 5% of the band's pixels are dark where a title line is.
        Assert.True(ink > band.Width * band.Height / 20, $"{ink} dark pixels in a {band.Width}x{band.Height} title band");

        // Tofu boxes would all be the same picture: each character drawn alone must look different.
        var font = new Font(Typeface.Default, 32);
        var pictures = ChinesePrompt.Where(c => c != '，').Distinct().Select(c => Draw(font, c.ToString())).ToList();
        for (int i = 0; i < pictures.Count; i++)
        {
            for (int j = i + 1; j < pictures.Count; j++)
            {
                Assert.False(pictures[i].SequenceEqual(pictures[j]), $"characters {i} and {j} render identically (tofu?)");
            }
        }
        byte[] tofu = Draw(font, "\U000F0000"); // a private-use code point no font has: this is what tofu looks like
        Assert.All(pictures, p => Assert.False(p.SequenceEqual(tofu)));
    }

    [Fact]
    public void FontOptionLoadsAFileAndNamesAMissingOrBadOne()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => FontLocator.Resolve("/no/such/font.ttf"));
        Assert.StartsWith("/no/such/font.ttf: ", missing.Message);
        string bad = Path.Combine(Path.GetTempPath(), $"bad-font-{Guid.NewGuid():N}.ttf");
        File.WriteAllBytes(bad, new byte[64]);
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => FontLocator.Resolve(bad));
            Assert.StartsWith(bad + ": ", e.Message);
        }
        finally
        {
            File.Delete(bad);
        }
        Typeface serif = FontLocator.Resolve("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf");
        Assert.Equal("DejaVu Serif", serif.Name);
        Assert.NotEqual(new Font(serif, 20).MeasureWidth("Epoch 25"), new Font(Typeface.Default, 20).MeasureWidth("Epoch 25"));
        Assert.Same(Typeface.Default, FontLocator.Resolve(null));
    }

    private static byte[] Draw(Font font, string text)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(48, 48, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            TextRenderer.DrawLine(canvas, font, text, 4, 38, Rgba32.Black);
        }
        return bitmap.GetPixelSpan().ToArray();
    }
}
