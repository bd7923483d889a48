using EpochCompare.Imaging.Grids;

namespace EpochCompare.Imaging.Samples;

/// <summary>The files of one prompt's grid: columns (base first), seed rows and the file for each cell (or none).</summary>
public sealed record SampleGridFiles(int PromptIndex, IReadOnlyList<GridColumn> Columns, IReadOnlyList<GridRow> Rows, string?[,] Files);

/// <summary>
/// Groups a folder's samples into one grid per prompt index: epoch (or step) columns in numeric order
/// with the base column first, one row per seed. Cells with no file stay missing (placeholders).
/// </summary>
public static class SampleGridSet
{
    public static IReadOnlyList<SampleGridFiles> Group(SampleFolder folder, ColumnSelection selection, List<string> warnings)
    {
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

        var grids = new List<SampleGridFiles>();
        foreach (var prompt in usable.GroupBy(s => s.Name.PromptIndex).OrderBy(g => g.Key))
        {
            int[] available = [.. prompt.Where(s => !s.Name.Column.IsBase).Select(s => s.Name.Value).Distinct().Order()];
            IReadOnlyList<int> chosen = selection.Apply(available, kind == ColumnKind.Epoch ? "epoch(s)" : "step(s)");
            bool hasBase = prompt.Any(s => s.Name.Column.IsBase);
            var columns = new List<GridColumn>();
            if (hasBase)
            {
                columns.Add(GridColumn.Base);
            }
            columns.AddRange(chosen.Select(v => new GridColumn(kind, v)));
            if (columns.Count == 0)
            {
                continue;
            }
            long?[] seeds = [.. prompt.Select(s => s.Name.Seed).Distinct().OrderBy(s => s ?? long.MinValue)];
            var rows = seeds.Select(s => s is long seed ? new GridRow(seed) : new GridRow(0, "Sample")).ToList();
            var files = new string?[rows.Count, columns.Count];
            var timestamps = new string[rows.Count, columns.Count];
            int duplicates = 0;
            foreach (SampleFile file in prompt)
            {
                GridColumn column = file.Name.Column;
                int c = columns.IndexOf(column);
                if (c < 0)
                {
                    continue; // not selected
                }
                int r = Array.IndexOf(seeds, file.Name.Seed);
                if (files[r, c] is not null)
                {
                    duplicates++;
                    // Several runs wrote the same cell: keep the newest (timestamps sort as text).
                    if (string.CompareOrdinal(file.Name.Timestamp, timestamps[r, c]) <= 0)
                    {
                        continue;
                    }
                }
                files[r, c] = file.Path;
                timestamps[r, c] = file.Name.Timestamp;
            }
            if (duplicates > 0)
            {
                warnings.Add($"prompt {prompt.Key}: {duplicates} duplicate sample(s) for the same cell; the newest was used.");
            }
            grids.Add(new SampleGridFiles(prompt.Key, columns, rows, files));
        }
        return grids;
    }
}
