using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Formats.Png;
using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Text;
using SkiaSharp;

namespace EpochCompare.Imaging.Tests.Grids;

/// <summary>
/// The whole grid as Skia draws it (layout, text shaped with the shipped DejaVu Sans, marks, evidence,
/// placeholder, cells drawn with Skia's gradients and curves) against a committed reference. The font is embedded and
/// unhinted, so the output does not depend on the machine's fonts; the tolerance (at most 1 pixel in 500 off by
/// more than 8, mean difference under 0.5 of 255) absorbs Skia's CPU-specific rounding (SSE/AVX paths).
/// Regenerate deliberately with EPOCHCOMPARE_UPDATE_GOLDEN=1 and look at the new file before committing it.
/// </summary>
public class GoldenGridTests
{
    private const string FixtureName = "grid-golden.png";

    internal static PromptGrid Scene()
    {
        var columns = new List<GridColumn> { GridColumn.Base, GridColumn.Epoch(25), GridColumn.Epoch(50), GridColumn.Epoch(75) };
        var grid = new PromptGrid("ohwx car, stylized 3D render, glossy red paint, studio lighting, three quarter view", columns,
            [new GridRow(1), new GridRow(2)]);
        for (int r = 0; r < 2; r++)
        {
            for (int c = 0; c < columns.Count; c++)
            {
                if ((r, c) != (1, 2))
                {
                    grid.SetImage(r, c, Car(96, r, c));
                }
            }
        }
        grid.MarkColumn(2, ColumnMark.Recommended());
        grid.MarkColumn(3, ColumnMark.Overfit());
        grid.SetEvidence(1, new ColumnEvidence("drift 0.12", 0.12f));
        grid.SetEvidence(2, new ColumnEvidence("drift 0.25", 0.25f));
        grid.SetEvidence(3, new ColumnEvidence("drift 0.71", 0.71f));
        return grid;
    }

    /// <summary>A cell picture drawn with Skia: a sky gradient, a tilted rounded body and two wheels.</summary>
    private static RgbaImage Car(int size, int row, int column)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            using var sky = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, size),
                    [new SKColor((byte)(110 + 60 * row), 170, 225), new SKColor(240, 228, 200)], SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(0, 0, size, size, sky);
            using var body = new SKPaint { IsAntialias = true, Color = new SKColor(200, 30, 30) };
            canvas.Save();
            canvas.Translate(size / 2f, size * 0.58f);
            canvas.RotateRadians(column * 0.15f);
            canvas.DrawRoundRect(SKRect.Create(-size * 0.32f, -size * 0.12f, size * 0.64f, size * 0.24f), size * 0.07f, size * 0.07f, body);
            canvas.Restore();
            using var wheel = new SKPaint { IsAntialias = true, Color = new SKColor(30, 30, 30) };
            canvas.DrawCircle(size * 0.34f, size * 0.72f, size * 0.08f, wheel);
            canvas.DrawCircle(size * 0.66f, size * 0.72f, size * 0.08f, wheel);
        }
        // Opaque, so premultiplied and straight RGBA are the same bytes.
        var image = new RgbaImage(size, size);
        bitmap.GetPixelSpan().CopyTo(image.Pixels);
        return image;
    }

    [Fact]
    public void GridMatchesTheCommittedReference()
    {
        GridPage page = Assert.Single(GridRenderer.Render(Scene(), new GridOptions { Typeface = Typeface.Default }));
        string fixture = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", FixtureName);
        if (Environment.GetEnvironmentVariable("EPOCHCOMPARE_UPDATE_GOLDEN") == "1")
        {
            string source = System.IO.Path.GetFullPath(System.IO.Path.Combine(AppContext.BaseDirectory, "../../../Fixtures", FixtureName));
            PngEncoder.Save(page.Image, source);
            fixture = source;
        }
        RgbaImage expected = ImageFile.Load(fixture);
        Assert.Equal((expected.Width, expected.Height), (page.Image.Width, page.Image.Height));

        long totalDifference = 0;
        int differingPixels = 0;
        byte[] a = expected.Pixels, b = page.Image.Pixels;
        for (int i = 0; i < a.Length; i += 4)
        {
            int worst = 0;
            for (int k = 0; k < 4; k++)
            {
                int d = Math.Abs(a[i + k] - b[i + k]);
                totalDifference += d;
                worst = Math.Max(worst, d);
            }
            differingPixels += worst > 8 ? 1 : 0;
        }
        int pixels = a.Length / 4;
        Assert.True(differingPixels <= pixels / 500, $"{differingPixels} of {pixels} pixels differ by more than 8");
        Assert.True(totalDifference / (double)a.Length < 0.5, $"mean difference {totalDifference / (double)a.Length:0.000}");
    }
}
