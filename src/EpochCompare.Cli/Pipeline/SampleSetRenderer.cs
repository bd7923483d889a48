using System.Globalization;
using EpochCompare.Flux.Sampling;
using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Formats.Png;
using Spectre.Console;

namespace EpochCompare.Cli.Pipeline;

/// <summary>
/// Renders every (column, prompt) pair of a sampling run to image files named
/// <c>p{prompt}_{column}_s{seed}.png</c> (what <c>grid</c> and <c>metrics</c> read), each with an A1111-style
/// <c>parameters</c> text (PNG text chunk, or EXIF UserComment in JPEG/WebP). Used by <c>sample</c>,
/// <c>train --grid</c> and <c>demo</c>.
/// </summary>
internal sealed class SampleSetRenderer(CheckpointColumnSampler sampler, string baseName, string outDir)
{
    public string OutputDir { get; } = outDir;

    /// <summary>PNG unless a command asks for JPEG or WebP.</summary>
    public ImageEncoding Encoding { get; init; } = ImageEncoding.Png;

    public static string FileName(int promptIndex, string columnName, ulong seed, ImageFormat format = ImageFormat.Png) =>
        FormattableString.Invariant($"p{promptIndex}_{columnName}_s{seed}{format.Extension()}");

    public string PathFor(int promptIndex, string columnName, ulong seed) =>
        Path.Combine(OutputDir, FileName(promptIndex, columnName, seed, Encoding.Format));

    /// <summary>Refuses before any work when an image of the run already exists (so nothing is replaced unasked).</summary>
    public void RefuseExisting(IReadOnlyList<SampleColumn> columns, IReadOnlyList<SampleRequest> requests)
    {
        foreach (SampleColumn column in columns)
        {
            for (int index = 0; index < requests.Count; index++)
            {
                foreach (ulong seed in requests[index].Seeds)
                {
                    string path = PathFor(index, column.Name, seed);
                    if (File.Exists(path))
                    {
                        throw new IOException($"{path} already exists; pass --overwrite or choose another --out.");
                    }
                }
            }
        }
    }

    /// <summary>Renders all columns for all prompts; a Spectre progress bar per job when <paramref name="interactive"/>, else a line per file.</summary>
    public IReadOnlyList<string> Render(IReadOnlyList<SampleColumn> columns, IReadOnlyList<SampleRequest> requests, TextWriter log, bool interactive)
    {
        Directory.CreateDirectory(OutputDir);
        var jobs = (from column in columns from index in Enumerable.Range(0, requests.Count) select (column, index)).ToList();
        var written = new List<string>();
        void RunAll(Action<int, int, int>? onStep)
        {
            for (int job = 0; job < jobs.Count; job++)
            {
                (SampleColumn column, int index) = jobs[job];
                SampleRequest request = requests[index];
                int current = job;
                IReadOnlyList<float[]> images = sampler.Sample(column, request, (step, total) => onStep?.Invoke(current, step, total));
                for (int i = 0; i < images.Count; i++)
                {
                    string path = PathFor(index, column.Name, request.Seeds[i]);
                    Save(images[i], request, request.Seeds[i], column, path);
                    written.Add(path);
                    if (!interactive)
                    {
                        log.WriteLine($"wrote {path}");
                    }
                }
            }
        }

        if (interactive)
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    ProgressTask[] tasks = jobs.Select(j => ctx.AddTask($"prompt {j.index} · {Markup.Escape(j.column.Name)}", autoStart: false)).ToArray();
                    RunAll((job, step, total) =>
                    {
                        tasks[job].MaxValue = total;
                        tasks[job].Value = step;
                        if (!tasks[job].IsStarted)
                        {
                            tasks[job].StartTask();
                        }
                    });
                });
            log.WriteLine($"wrote {written.Count} images to {OutputDir}");
        }
        else
        {
            RunAll(null);
        }
        return written;
    }

    private void Save(float[] pixels, SampleRequest request, ulong seed, SampleColumn column, string path)
    {
        RgbaImage image = RgbaImage.FromRgb(PixelBytes.ToRgb(pixels, request.Width, request.Height), request.Width, request.Height);
        string parameters = string.Create(CultureInfo.InvariantCulture,
            $"{request.Prompt}\nNegative prompt: {request.NegativePrompt}\nSteps: {request.Steps}, Sampler: Euler, CFG scale: {request.Guidance.CfgScale}, Guidance: {request.Guidance.Distilled}, Seed: {seed}, Size: {request.Width}x{request.Height}, Model: {baseName}, Column: {column.Name}");
        ImageEncoder.Save(image, path, Encoding, [PngText.Auto(ImageEncoder.ParametersKeyword, parameters)]);
    }
}
