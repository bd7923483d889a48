using EpochCompare.Imaging;
using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Text;

namespace EpochCompare.Cli.Benchmarks;

/// <summary>The grid target: 40 columns (base + 39 epochs) x 4 seeds at 256 px cells, drawn with Skia and PNG-encoded, under 2 s.</summary>
internal sealed class GridBench : IBenchSection
{
    public string Name => "grid";

    public string Description => "labeled 40 x 4 epoch grid at 256 px: render and PNG encode milliseconds";

    public bool RunsByDefault(BenchSettings settings) => true;

    public void Run(BenchContext context)
    {
        PromptGrid grid = Scene();
        var options = new GridOptions { Typeface = FontLocator.Resolve() };
        GridPage? page = null;
        BenchTiming render = context.Measure(() => page = GridRenderer.Render(grid, options)[0]);
        context.Report("grid_40x4_256_render_ms", render.BestMs,
            $"grid 40x4 @256 render:          {render.BestMs,8:F1} ms best, {render.MedianMs,8:F1} median ({page!.Image.Width}x{page.Image.Height}, {options.Typeface.Name})");
        BenchTiming total = context.Measure(() => GridRenderer.Encode(GridRenderer.Render(grid, options)[0]));
        context.Report("grid_40x4_256_render_encode_ms", total.BestMs,
            $"grid 40x4 @256 render + encode: {total.BestMs,8:F1} ms best, {total.MedianMs,8:F1} median");
    }

    private static PromptGrid Scene()
    {
        var columns = new List<GridColumn> { GridColumn.Base };
        columns.AddRange(Enumerable.Range(1, 39).Select(e => GridColumn.Epoch(25 * e)));
        var grid = new PromptGrid("ohwx car, stylized 3D render, glossy red paint, studio lighting, three quarter view", columns,
            [.. Enumerable.Range(1, 4).Select(s => new GridRow(s))]);
        var random = new Random(7);
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < columns.Count; c++)
            {
                // Smooth gradients with mild noise: closer to real samples than flat color or pure noise.
                var image = new RgbaImage(256, 256);
                byte[] px = image.Pixels;
                for (int i = 0, p = 0; p < 256 * 256; p++, i += 4)
                {
                    int x = p % 256, y = p / 256, n = random.Next(-6, 7);
                    px[i] = (byte)Math.Clamp(x / 2 + 60 + 2 * c + n, 0, 255);
                    px[i + 1] = (byte)Math.Clamp(y / 2 + 40 * r / 2 + n, 0, 255);
                    px[i + 2] = (byte)Math.Clamp(200 - (x + y) / 4 + n, 0, 255);
                    px[i + 3] = 255;
                }
                grid.SetImage(r, c, image);
            }
        }
        grid.MarkColumn(8, ColumnMark.Recommended());
        grid.MarkColumn(30, ColumnMark.Overfit());
        return grid;
    }
}
