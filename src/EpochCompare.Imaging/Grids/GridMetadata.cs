using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EpochCompare.Imaging.Grids;

/// <summary>
/// The proof of how a grid was made: an A1111-style <c>parameters</c> text (readable by tools that
/// understand A1111 infotext) and a JSON manifest mapping every cell to its source.
/// </summary>
public static class GridMetadata
{
    public const string ParametersKeyword = "parameters";
    public const string ManifestKeyword = "epochcompare";
    public const string ManifestFormat = "epochcompare.grid/1";

    public static string Parameters(PromptGrid grid, GridLayout layout, int pageNumber, int pageCount)
    {
        GenerationParameters p = grid.Parameters ?? new GenerationParameters();
        var text = new StringBuilder(grid.Prompt);
        if (!string.IsNullOrEmpty(p.NegativePrompt))
        {
            text.Append("\nNegative prompt: ").Append(p.NegativePrompt);
        }
        var fields = new List<string>();
        void Add(string key, object? value)
        {
            if (value is not null)
            {
                fields.Add($"{key}: {Convert.ToString(value, CultureInfo.InvariantCulture)}");
            }
        }
        Add("Steps", p.Steps);
        Add("Sampler", p.Sampler);
        Add("CFG scale", p.CfgScale);
        Add("Guidance", p.Guidance);
        Add("Seed", grid.Rows[0].Seed);
        int width = p.Width ?? layout.CellWidth, height = p.Height ?? layout.CellHeight;
        Add("Size", $"{width}x{height}");
        Add("Model", p.BaseModel);
        if (p.LoraNames.Count > 0)
        {
            Add("Lora", Quote(string.Join(", ", p.LoraNames)));
        }
        Add("Script", "EpochCompare grid");
        GridColumn firstOther = layout.Columns.Select(c => grid.Columns[c]).FirstOrDefault(c => !c.IsBase) ?? grid.Columns[0];
        Add("X Type", firstOther.Kind == ColumnKind.Step ? "Step" : "Epoch");
        Add("X Values", Quote(string.Join(", ", layout.Columns.Select(c => grid.Columns[c]).Select(c => c.IsBase ? "Base" : c.Value.ToString(CultureInfo.InvariantCulture)))));
        Add("Y Type", "Seed");
        Add("Y Values", Quote(string.Join(", ", grid.Rows.Select(r => r.Seed.ToString(CultureInfo.InvariantCulture)))));
        if (pageCount > 1)
        {
            Add("Page", $"{pageNumber}/{pageCount}");
        }
        text.Append('\n').Append(string.Join(", ", fields));
        return text.ToString();
    }

    public static string Manifest(PromptGrid grid, GridLayout layout, int pageNumber, int pageCount)
    {
        var columns = new JsonArray();
        foreach (int c in layout.Columns)
        {
            GridColumn column = grid.Columns[c];
            ColumnMark mark = grid.MarkOf(c);
            var node = new JsonObject
            {
                ["label"] = column.Label,
                ["kind"] = column.Kind.ToString().ToLowerInvariant(),
                ["value"] = column.IsBase ? null : column.Value,
                ["mark"] = mark.Kind == ColumnMarkKind.None ? null : mark.Kind.ToString().ToLowerInvariant(),
            };
            if (grid.EvidenceOf(c) is { } evidence)
            {
                node["evidence"] = new JsonObject { ["text"] = evidence.Text, ["level"] = evidence.Level };
            }
            columns.Add(node);
        }
        var rows = new JsonArray();
        foreach (GridRow row in grid.Rows)
        {
            rows.Add(new JsonObject { ["label"] = row.DisplayLabel, ["seed"] = row.Seed });
        }
        var cells = new JsonArray();
        for (int r = 0; r < grid.Rows.Count; r++)
        {
            for (int i = 0; i < layout.Columns.Count; i++)
            {
                GridCell cell = grid[r, layout.Columns[i]];
                GridColumn column = grid.Columns[layout.Columns[i]];
                CellSource source = cell.Source ?? new CellSource();
                cells.Add(new JsonObject
                {
                    ["row"] = r,
                    ["column"] = i,
                    ["missing"] = cell.IsMissing,
                    ["file"] = source.File,
                    ["epoch"] = source.Epoch ?? (column.Kind == ColumnKind.Epoch ? column.Value : column.IsBase ? 0 : null),
                    ["step"] = source.Step ?? (column.Kind == ColumnKind.Step ? column.Value : null),
                    ["seed"] = source.Seed ?? grid.Rows[r].Seed,
                    ["checkpoint"] = source.Checkpoint,
                    ["checkpointSha256"] = source.CheckpointSha256,
                });
            }
        }
        var manifest = new JsonObject
        {
            ["format"] = ManifestFormat,
            ["prompt"] = grid.Prompt,
            ["promptIndex"] = grid.PromptIndex,
            ["page"] = pageNumber,
            ["pageCount"] = pageCount,
            ["cellWidth"] = layout.CellWidth,
            ["cellHeight"] = layout.CellHeight,
            ["columns"] = columns,
            ["rows"] = rows,
            ["cells"] = cells,
        };
        return manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    // A1111 quotes values that contain commas so infotext parsers keep them whole.
    private static string Quote(string value) => value.Contains(',') ? JsonSerializer.Serialize(value) : value;
}
