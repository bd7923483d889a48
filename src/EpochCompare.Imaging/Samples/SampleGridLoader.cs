using EpochCompare.Imaging.Grids;

namespace EpochCompare.Imaging.Samples;

/// <summary>Loads the images of a <see cref="SampleGridFiles"/> into a <see cref="PromptGrid"/>.</summary>
public static class SampleGridLoader
{
    /// <summary>
    /// Loads every cell with <paramref name="load"/>. A file that cannot be decoded becomes a placeholder
    /// with a warning naming it, so one bad sample never costs the whole grid.
    /// </summary>
    public static PromptGrid Load(SampleGridFiles files, string prompt, Func<string, RgbaImage> load, List<string> warnings)
    {
        var grid = new PromptGrid(prompt, files.Columns, files.Rows, files.PromptIndex);
        for (int r = 0; r < files.Rows.Count; r++)
        {
            for (int c = 0; c < files.Columns.Count; c++)
            {
                if (files.Files[r, c] is not { } path)
                {
                    continue;
                }
                GridColumn column = files.Columns[c];
                var source = new CellSource(
                    File: System.IO.Path.GetFileName(path),
                    Epoch: column.Kind == ColumnKind.Epoch ? column.Value : column.IsBase ? 0 : null,
                    Step: column.Kind == ColumnKind.Step ? column.Value : null,
                    Seed: files.Rows[r].Label is null ? files.Rows[r].Seed : null);
                try
                {
                    grid.SetImage(r, c, load(path), source);
                }
                catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
                {
                    warnings.Add($"{path}: cannot be read ({ex.Message.ReplaceLineEndings(" ")}); drawn as missing.");
                    grid[r, c] = new GridCell(null, source);
                }
            }
        }
        return grid;
    }
}
