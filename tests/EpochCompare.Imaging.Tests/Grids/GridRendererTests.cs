using System.Text.Json;
using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Formats.Png;
using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Text;

namespace EpochCompare.Imaging.Tests.Grids;

public class GridRendererTests
{
    private static readonly GridOptions Options = new() { Typeface = Typeface.Default };

    [Fact]
    public void CellsArePastedWhereTheLayoutSaysAndMissingOnesBecomePlaceholders()
    {
        PromptGrid grid = GridTestData.Epochs(3, 2, 64, missing: (1, 2));
        GridPage page = Assert.Single(GridRenderer.Render(grid, Options));
        GridLayout layout = GridLayout.Create(grid, page.Columns, 64, 64, Typeface.Default, Options);
        Assert.Equal((layout.Width, layout.Height), (page.Image.Width, page.Image.Height));
        for (int r = 0; r < 2; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                var rect = layout.CellRects[r, c];
                Rgba32 pixel = page.Image[rect.X + 3, rect.Y + 20];
                if ((r, c) == (1, 2))
                {
                    Assert.Equal(new Rgba32(0xE4, 0xE4, 0xE4), pixel); // placeholder fill
                    Assert.NotEqual(page.Image[rect.X + 32, rect.Y + 32], pixel); // with its "missing" text / cross
                }
                else
                {
                    Assert.Equal(GridTestData.Cell(1, r, c)[0, 0], pixel);
                }
            }
        }
    }

    [Fact]
    public void MarkedColumnsAreTintedAndTheRecommendedOneIsFramed()
    {
        PromptGrid grid = GridTestData.Epochs(3, 1, 96);
        grid.MarkColumn(1, ColumnMark.Recommended());
        grid.MarkColumn(3, ColumnMark.Overfit());
        GridPage page = Assert.Single(GridRenderer.Render(grid, Options));
        GridLayout layout = GridLayout.Create(grid, page.Columns, 96, 96, Typeface.Default, Options);
        var overfitHeader = layout.HeaderRects[3];
        Assert.Equal(new Rgba32(0xF8, 0xD7, 0xDA), page.Image[overfitHeader.X + 1, overfitHeader.Y + 1]);
        var plainHeader = layout.HeaderRects[2];
        Assert.Equal(new Rgba32(0xF0, 0xF0, 0xF0), page.Image[plainHeader.X + 1, plainHeader.Y + 1]);
        // The frame runs through the gap just left of the recommended column's cells.
        var cell = layout.CellRects[0, 1];
        Rgba32 frame = page.Image[cell.X - layout.Gap / 2 - 1, cell.Y + 40];
        Assert.True(frame.G > frame.R + 50, $"frame pixel {frame}");
        Assert.Contains("\"mark\":\"overfit\"", page.Manifest);
    }

    [Fact]
    public void MetadataCarriesTheA1111ParametersAndACellManifest()
    {
        PromptGrid grid = GridTestData.Epochs(2, 3, 32, missing: (2, 1));
        grid.Parameters = new GenerationParameters { Steps = 28, Sampler = "euler", Guidance = 3.5, BaseModel = "flux1-dev", LoraNames = ["ohwx-car"], Width = 1024, Height = 1024 };
        grid[0, 2] = grid[0, 2] with { Source = new CellSource("a.png", 50, null, 1, "ohwx-car-000050.safetensors", "ab12") };
        GridPage page = Assert.Single(GridRenderer.Render(grid, Options));
        string[] lines = page.Parameters.Split('\n');
        Assert.Equal(GridTestData.Prompt, lines[0]);
        Assert.Contains("Steps: 28, Sampler: euler, Guidance: 3.5, Seed: 1, Size: 1024x1024, Model: flux1-dev, Lora: ohwx-car", lines[1]);
        Assert.Contains("X Values: \"Base, 25, 50\"", lines[1]);
        Assert.Contains("Y Values: \"1, 2, 3\"", lines[1]);

        using JsonDocument manifest = JsonDocument.Parse(page.Manifest);
        JsonElement root = manifest.RootElement;
        Assert.Equal(GridTestData.Prompt, root.GetProperty("prompt").GetString());
        JsonElement[] cells = [.. root.GetProperty("cells").EnumerateArray()];
        Assert.Equal(9, cells.Length);
        JsonElement missing = cells.Single(c => c.GetProperty("row").GetInt32() == 2 && c.GetProperty("column").GetInt32() == 1);
        Assert.True(missing.GetProperty("missing").GetBoolean());
        Assert.Equal(25, missing.GetProperty("epoch").GetInt32());
        Assert.Equal(3, missing.GetProperty("seed").GetInt64());
        JsonElement sourced = cells.Single(c => c.GetProperty("row").GetInt32() == 0 && c.GetProperty("column").GetInt32() == 2);
        Assert.Equal("ab12", sourced.GetProperty("checkpointSha256").GetString());
        Assert.Equal("a.png", sourced.GetProperty("file").GetString());
    }

    [Fact]
    public void SavedPngHoldsTheParametersAndManifestChunks()
    {
        PromptGrid grid = GridTestData.Epochs(1, 1, 32);
        GridPage page = Assert.Single(GridRenderer.Render(grid, Options));
        byte[] png = GridRenderer.Encode(page);
        Assert.Equal(page.Image.Pixels, ImageFile.Decode(png, "grid.png").Pixels);
        IReadOnlyList<PngText> texts = PngTextReader.Read(png);
        Assert.Equal(page.Parameters, texts.Single(t => t.Keyword == "parameters").Text);
        PngText manifest = texts.Single(t => t.Keyword == "epochcompare");
        Assert.True(manifest.International);
        Assert.Equal(page.Manifest, manifest.Text);
    }

    [Fact]
    public void RenderingIsDeterministic()
    {
        PromptGrid grid = GridTestData.Epochs(3, 2, 48, missing: (0, 1));
        grid.SetEvidence(2, new ColumnEvidence("drift 0.5", 0.5f));
        byte[] first = GridRenderer.Encode(GridRenderer.Render(grid, Options)[0]);
        byte[] second = GridRenderer.Encode(GridRenderer.Render(grid, Options)[0]);
        Assert.Equal(first, second);
    }
}
