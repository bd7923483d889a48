using System.CommandLine;
using System.Globalization;
using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Formats.Png;
using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Processing;
using EpochCompare.Imaging.Samples;
using EpochCompare.Imaging.Text;

namespace EpochCompare.Cli.Commands;

/// <summary><c>epochcompare grid</c>: labeled epoch grids from sample images other trainers already wrote.</summary>
internal static class GridCommand
{
    public static Command Create()
    {
        var samples = new Option<DirectoryInfo>("--samples") { Description = "Folder of sample images (kohya, ai-toolkit or e25_s1.png names).", Required = true };
        var output = new Option<string?>("--out") { Description = "Output folder (default: <samples>/grids)." };
        var epochs = new Option<string?>("--epochs") { Description = "Only these epochs (or steps), e.g. 25,50,100. The base column is always shown." };
        var every = new Option<int>("--every") { Description = "Keep every n-th epoch column (2: the 2nd, 4th, ...).", DefaultValueFactory = _ => 1 };
        var cellSize = new Option<int?>("--cell-size") { Description = "Longest side of a cell in pixels (default: the images' size, shrunk if the grid gets too big)." };
        var maxColumns = new Option<int>("--max-columns") { Description = "At most this many epoch columns per page; 0 splits only when needed.", DefaultValueFactory = _ => 0 };
        var font = new Option<string?>("--font") { Description = "TrueType font file for the labels (default: a system sans font, else the built-in one)." };
        var prompts = new Option<string?>("--prompts") { Description = "Prompt file (one prompt per line, kohya style) for the grid titles." };
        var quiet = new Option<bool>("--quiet") { Description = "Print nothing but errors." };

        var command = new Command("grid", "Build one labeled grid per prompt (base column, then epochs; one row per seed) from existing sample images.")
        {
            samples, output, epochs, every, cellSize, maxColumns, font, prompts, quiet,
        };
        command.SetAction(parseResult =>
        {
            string samplesDir = parseResult.GetValue(samples)!.FullName;
            string outDir = parseResult.GetValue(output) ?? System.IO.Path.Combine(samplesDir, "grids");
            var selection = new ColumnSelection(ParseList(parseResult.GetValue(epochs)), parseResult.GetValue(every));
            if (selection.Every < 1)
            {
                throw new UsageException($"--every must be at least 1, got {selection.Every}.");
            }
            int? cell = parseResult.GetValue(cellSize);
            if (cell is < 16)
            {
                throw new UsageException($"--cell-size must be at least 16, got {cell}.");
            }
            var options = new GridOptions
            {
                CellSize = cell,
                MaxColumnsPerPage = Math.Max(0, parseResult.GetValue(maxColumns)),
                Typeface = FontLocator.Resolve(parseResult.GetValue(font)),
                Resize = (image, width, height) => Resampler.Resize(image, width, height),
            };
            IReadOnlyList<string> promptTexts = parseResult.GetValue(prompts) is { } promptPath ? PromptFile.Read(promptPath) : [];
            TextWriter log = parseResult.GetValue(quiet) ? TextWriter.Null : parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;

            var warnings = new List<string>();
            SampleFolder folder = SampleFolder.Scan(samplesDir);
            IReadOnlyList<SampleGridFiles> groups;
            try
            {
                groups = SampleGridSet.Group(folder, selection, warnings);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }
            Directory.CreateDirectory(outDir);
            foreach (SampleGridFiles group in groups)
            {
                string title = group.PromptIndex < promptTexts.Count ? promptTexts[group.PromptIndex] : TitleFromSamples(group);
                PromptGrid grid = SampleGridLoader.Load(group, title, LoadImage, warnings);
                foreach (GridPage page in GridRenderer.Render(grid, options))
                {
                    string path = System.IO.Path.Combine(outDir, page.FileName);
                    GridRenderer.Save(page, path);
                    log.WriteLine($"wrote {path} ({page.Columns.Count} columns x {grid.Rows.Count} rows, {page.Image.Width}x{page.Image.Height})");
                }
            }
            foreach (string warning in warnings)
            {
                error.WriteLine($"epochcompare: warning: {warning}");
            }
            return CliApp.ExitOk;
        });
        return command;
    }

    private static RgbaImage LoadImage(string path) => ImageFile.Load(path);

    /// <summary>The prompt from an A1111-style <c>parameters</c> chunk of any sample, else "Prompt N".</summary>
    private static string TitleFromSamples(SampleGridFiles group)
    {
        foreach (string? file in group.Files)
        {
            if (file is null || !file.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            try
            {
                PngText? parameters = PngDecoder.Load(file).Texts.FirstOrDefault(t => t.Keyword == GridMetadata.ParametersKeyword);
                if (parameters is not null)
                {
                    return parameters.Text.Split('\n')[0].Trim();
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                // Unreadable files are reported when the grid loads them.
            }
            break;
        }
        return $"Prompt {group.PromptIndex}";
    }

    private static IReadOnlyList<int>? ParseList(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var values = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            {
                throw new UsageException($"--epochs expects comma-separated whole numbers such as 25,50,100; got '{part}'.");
            }
            values.Add(value);
        }
        return values;
    }
}
