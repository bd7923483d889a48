using EpochCompare.Imaging.Grids;

namespace EpochCompare.Imaging.Samples;

/// <summary>
/// The files of one prompt's grid: columns (base first), seed rows and the file for each cell (or none).
/// <paramref name="PromptIndex"/> is the prompt's first index in the prompt list (kohya's line), or its
/// position among the grids when the samples carry no index; <paramref name="Prompt"/> is its text when known.
/// </summary>
public sealed record SampleGridFiles(int PromptIndex, IReadOnlyList<GridColumn> Columns, IReadOnlyList<GridRow> Rows, string?[,] Files, string? Prompt = null);

/// <summary>
/// Groups a folder's samples into one grid per prompt: epoch (or step) columns in numeric order with the
/// base column first, one row per seed. Samples whose prompt text is known (from the prompt list, or from
/// the image itself) are grouped by that text, so kohya's one-seed-per-line files (<c>_00_</c>..<c>_07_</c> for
/// 2 prompts x 4 seeds) become 2 grids of 4 rows. Cells with no file stay missing (placeholders).
/// </summary>
public static class SampleGridSet
{
    private readonly record struct RowKey(int Order, long Value, string? Label);

    public static IReadOnlyList<SampleGridFiles> Group(SampleFolder folder, ColumnSelection selection, List<string> warnings,
        IReadOnlyList<PromptLine>? prompts = null)
    {
        warnings.AddRange(folder.Notes);
        if (folder.Samples.Count == 0)
        {
            throw new InvalidDataException(folder.NothingRecognisedMessage());
        }
        // A folder with both epoch and step samples: the epoch ones are what an epoch grid is about.
        bool hasEpochs = folder.Samples.Any(s => s.Name.Kind == ColumnKind.Epoch && s.Name.Value > 0);
        ColumnKind kind = hasEpochs ? ColumnKind.Epoch : ColumnKind.Step;
        var usable = folder.Samples.Where(s => s.Name.Column.IsBase || s.Name.Kind == kind).ToList();
        if (usable.Count < folder.Samples.Count)
        {
            warnings.Add($"{folder.Samples.Count - usable.Count} step-numbered sample(s) skipped: the folder also has epoch samples.");
        }
        var lines = prompts?.ToDictionary(p => p.Index) ?? [];
        PromptLine? LineOf(SampleName name) => name.HasPromptIndex && lines.TryGetValue(name.PromptIndex, out PromptLine? line) ? line : null;
        string? TextOf(SampleName name) => name.Prompt ?? LineOf(name)?.Prompt;
        long? SeedOf(SampleName name) => name.Seed ?? LineOf(name)?.Seed;

        var byPrompt = usable
            .Select((s, order) => (Sample: s, Order: order, Key: TextOf(s.Name) is { } text ? "t:" + text : "i:" + s.Name.PromptIndex))
            .GroupBy(x => x.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Min(x => x.Sample.Name.HasPromptIndex ? x.Sample.Name.PromptIndex : int.MaxValue))
            .ThenBy(g => g.Min(x => x.Order))
            .ToList();
        bool indexed = byPrompt.All(g => g.All(x => x.Sample.Name.HasPromptIndex));
        WarnAboutUnknownPrompts(byPrompt.Select(g => g.First().Sample.Name).ToList(), prompts, warnings);

        var grids = new List<SampleGridFiles>();
        foreach (var prompt in byPrompt)
        {
            SampleFile[] files = [.. prompt.Select(x => x.Sample)];
            int[] available = [.. files.Where(s => !s.Name.Column.IsBase).Select(s => s.Name.Value).Distinct().Order()];
            IReadOnlyList<int> chosen = selection.Apply(available, kind == ColumnKind.Epoch ? "epoch(s)" : "step(s)");
            var columns = new List<GridColumn>();
            if (files.Any(s => s.Name.Column.IsBase))
            {
                columns.Add(GridColumn.Base);
            }
            columns.AddRange(chosen.Select(v => new GridColumn(kind, v)));
            if (columns.Count == 0)
            {
                continue;
            }
            bool severalLines = files.Select(s => s.Name.PromptIndex).Distinct().Count() > 1;
            RowKey RowOf(SampleName name) => SeedOf(name) is long seed ? new RowKey(0, seed, null)
                : name.VariantLabel is { } label ? new RowKey(1, 0, label)
                : name.Variant is int v ? new RowKey(1, v, $"Image {v + 1}")
                : severalLines ? new RowKey(2, name.PromptIndex, $"Line {name.PromptIndex}")
                : new RowKey(3, 0, "Sample");
            // Labelled variants (SimpleTuner's resolutions) in the order of their index in the names.
            RowKey[] rowKeys = [.. files.GroupBy(s => RowOf(s.Name))
                .OrderBy(g => g.Key.Order).ThenBy(g => g.Min(s => s.Name.Variant ?? int.MaxValue)).ThenBy(g => g.Key.Value)
                .Select(g => g.Key)];
            var rows = rowKeys.Select(k => new GridRow(k.Value, k.Label)).ToList();
            var cells = new string?[rows.Count, columns.Count];
            var timestamps = new string[rows.Count, columns.Count];
            int duplicates = 0;
            foreach (SampleFile file in files)
            {
                int c = columns.IndexOf(file.Name.Column);
                if (c < 0)
                {
                    continue; // not selected
                }
                int r = Array.IndexOf(rowKeys, RowOf(file.Name));
                if (cells[r, c] is not null)
                {
                    duplicates++;
                    // Several runs wrote the same cell: keep the newest (timestamps sort as text).
                    if (string.CompareOrdinal(file.Name.Timestamp, timestamps[r, c]) <= 0)
                    {
                        continue;
                    }
                }
                cells[r, c] = file.Path;
                timestamps[r, c] = file.Name.Timestamp;
            }
            int index = indexed ? files.Min(s => s.Name.PromptIndex) : grids.Count;
            string? text = TextOf(files[0].Name);
            if (duplicates > 0)
            {
                warnings.Add($"prompt {index}: {duplicates} duplicate sample(s) for the same cell; the newest was used.");
            }
            grids.Add(new SampleGridFiles(index, columns, rows, cells, text));
        }
        return grids;
    }

    private static void WarnAboutUnknownPrompts(IReadOnlyList<SampleName> firstOfEach, IReadOnlyList<PromptLine>? prompts, List<string> warnings)
    {
        if (prompts is null && firstOfEach.Count > 1 && firstOfEach.Any(n => n.Naming == SampleNaming.Kohya))
        {
            warnings.Add("kohya numbers its samples by prompt-file line (one seed per line), not by prompt: give --prompts with the " +
                         "training's prompt file so that lines with the same prompt share one grid.");
        }
        if (prompts is null && firstOfEach.Any(n => n.Naming == SampleNaming.AiToolkit))
        {
            warnings.Add($"ai-toolkit samples without the run's {AiToolkitConfig.FileName}: prompts and seeds unknown (give --prompts, or point at the run folder).");
        }
        if (prompts is not null && firstOfEach.FirstOrDefault(n => n.HasPromptIndex && n.PromptIndex >= prompts.Count) is { } beyond)
        {
            warnings.Add($"samples with prompt index {beyond.PromptIndex}, but the prompt list has only {prompts.Count} entries: is it the training's prompt file?");
        }
    }
}
