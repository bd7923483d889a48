using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Metadata;
using EpochCompare.Imaging.Samples;

namespace EpochCompare.Cli.Pipeline;

/// <summary>
/// One labeled grid per prompt from a folder of sample images (base column, then epochs; a row per seed).
/// Used by <c>grid</c>, <c>train --grid</c> and <c>demo</c>.
/// </summary>
internal static class GridBuild
{
    /// <summary>
    /// Writes the grid pages to <paramref name="outDir"/> (PNG unless <paramref name="encoding"/> says otherwise)
    /// and returns their paths; problems go to <paramref name="warnings"/>.
    /// <paramref name="prompts"/> is the list the samples are numbered by; null looks for one beside them (ai-toolkit's config.yaml).
    /// </summary>
    public static IReadOnlyList<string> Run(string samplesDir, string outDir, ColumnSelection selection, GridOptions options,
        IReadOnlyList<PromptLine>? prompts, TextWriter log, List<string> warnings, ImageEncoding? encoding = null)
    {
        encoding ??= ImageEncoding.Png;
        SampleFolder folder = SampleFolder.Scan(samplesDir);
        IReadOnlyList<SampleGridFiles> groups;
        try
        {
            groups = SampleGridSet.Group(folder, selection, warnings, prompts ?? SamplePromptSource.Find(folder, null));
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
        Directory.CreateDirectory(outDir);
        var written = new List<string>();
        foreach (SampleGridFiles group in groups)
        {
            string title = group.Prompt ?? TitleFromSamples(group);
            PromptGrid grid = SampleGridLoader.Load(group, title, ImageFile.Load, warnings);
            foreach (GridPage page in GridRenderer.Render(grid, options))
            {
                string path = Path.Combine(outDir, page.FileNameFor(encoding.Format));
                GridRenderer.Save(page, path, encoding);
                written.Add(path);
                log.WriteLine($"wrote {path} ({page.Columns.Count} columns x {grid.Rows.Count} rows, {page.Image.Width}x{page.Image.Height})");
            }
        }
        return written;
    }

    /// <summary>The prompt from the first sample's embedded parameters (ours are A1111-style), else "Prompt N".</summary>
    private static string TitleFromSamples(SampleGridFiles group)
    {
        string? first = group.Files.Cast<string?>().FirstOrDefault(f => f is not null);
        return first is not null && GenerationInfo.Read(first) is { Prompt.Length: > 0 } info ? info.Prompt : $"Prompt {group.PromptIndex}";
    }
}
