using System.CommandLine;
using System.Globalization;
using EpochCompare.Cli.Pipeline;
using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Samples;
using EpochCompare.Imaging.Text;

namespace EpochCompare.Cli.Commands;

/// <summary><c>epochcompare grid</c>: labeled epoch grids from sample images other trainers already wrote.</summary>
internal static class GridCommand
{
    public static Command Create()
    {
        var samples = new Option<DirectoryInfo>("--samples") { Description = "Folder of sample images (kohya, ai-toolkit, SimpleTuner, OneTrainer or e25_s1.png names; A1111/Forge, ComfyUI or SwarmUI PNGs by their metadata), or the run folder holding them.", Required = true };
        var output = new Option<string?>("--out") { Description = "Output folder (default: <run>/grids, where <run> is the samples folder itself or the folder holding sample/, samples/ or validation_images/)." };
        var epochs = new Option<string?>("--epochs") { Description = "Only these epochs (or steps), e.g. 25,50,100. The base column is always shown." };
        var every = new Option<int>("--every") { Description = "Keep every n-th epoch column (2: the 2nd, 4th, ...).", DefaultValueFactory = _ => 1 };
        var cellSize = new Option<int?>("--cell-size") { Description = "Longest side of a cell in pixels (default: the images' size, shrunk if the grid gets too big)." };
        var maxColumns = new Option<int>("--max-columns") { Description = "At most this many epoch columns per page; 0 splits only when needed.", DefaultValueFactory = _ => 0 };
        var font = new Option<string?>("--font") { Description = "Font file (TrueType/OpenType) for the labels (default: the shipped DejaVu Sans); characters it lacks fall back to installed fonts." };
        var prompts = new Option<string?>("--prompts") { Description = "The training's sample-prompt file (kohya .txt, .toml or .json): kohya numbers samples by its lines, so lines with the same prompt share a grid; also the titles. ai-toolkit runs read their config.yaml." };
        var quiet = new Option<bool>("--quiet") { Description = "Print nothing but errors." };
        (Option<string> format, Option<int> quality) = ImageOutputOptions.Create("grid");

        var command = new Command("grid", "Build one labeled grid per prompt (base column, then epochs; one row per seed) from existing sample images.")
        {
            samples, output, epochs, every, cellSize, maxColumns, font, prompts, format, quality, quiet,
        };
        command.SetAction(parseResult =>
        {
            string given = parseResult.GetValue(samples)!.FullName;
            SampleRunFolder run = SampleRunFolder.Locate(given);
            string outDir = parseResult.GetValue(output) ?? System.IO.Path.Combine(run.RunDir, "grids");
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
            };
            IReadOnlyList<PromptLine>? promptLines = parseResult.GetValue(prompts) is { } promptPath ? PromptFile.Read(promptPath) : null;
            TextWriter log = parseResult.GetValue(quiet) ? TextWriter.Null : parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;

            var warnings = new List<string>();
            if (run.Redirected(given))
            {
                log.WriteLine($"reading samples from {run.SamplesDir}");
            }
            GridBuild.Run(run.SamplesDir, outDir, selection, options, promptLines, log, warnings, ImageOutputOptions.Read(parseResult, format, quality));
            foreach (string warning in warnings)
            {
                error.WriteLine($"epochcompare: warning: {warning}");
            }
            return CliApp.ExitOk;
        });
        return command;
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
