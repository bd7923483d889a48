namespace EpochCompare.Imaging.Grids;

/// <summary>
/// The table behind one grid: for one prompt, rows of seeds by columns of base / epochs, each cell an
/// image or missing, plus per-column marks and evidence set by the metrics layer.
/// </summary>
public sealed class PromptGrid
{
    private readonly GridCell[,] _cells;
    private readonly ColumnMark[] _marks;
    private readonly ColumnEvidence?[] _evidence;

    public PromptGrid(string prompt, IReadOnlyList<GridColumn> columns, IReadOnlyList<GridRow> rows, int promptIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (columns.Count == 0 || rows.Count == 0)
        {
            throw new ArgumentException($"A grid needs at least one column and one row, got {columns.Count} x {rows.Count}.");
        }
        if (columns.Skip(1).Any(c => c.IsBase))
        {
            throw new ArgumentException("Only the first column can be the base column.", nameof(columns));
        }
        Prompt = prompt;
        PromptIndex = promptIndex;
        Columns = columns;
        Rows = rows;
        _cells = new GridCell[rows.Count, columns.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            for (int c = 0; c < columns.Count; c++)
            {
                _cells[r, c] = GridCell.Missing;
            }
        }
        _marks = Enumerable.Repeat(ColumnMark.None, columns.Count).ToArray();
        _evidence = new ColumnEvidence?[columns.Count];
    }

    public string Prompt { get; }

    public int PromptIndex { get; }

    public IReadOnlyList<GridColumn> Columns { get; }

    public IReadOnlyList<GridRow> Rows { get; }

    public GenerationParameters? Parameters { get; set; }

    public bool HasBaseColumn => Columns[0].IsBase;

    public GridCell this[int row, int column]
    {
        get => _cells[row, column];
        set => _cells[row, column] = value ?? GridCell.Missing;
    }

    public void SetImage(int row, int column, RgbaImage image, CellSource? source = null) => this[row, column] = new GridCell(image, source);

    /// <summary>Marks a column (recommended / suspect / overfit); called by the metrics layer.</summary>
    public void MarkColumn(int column, ColumnMark mark) => _marks[column] = mark ?? ColumnMark.None;

    public ColumnMark MarkOf(int column) => _marks[column];

    public void SetEvidence(int column, ColumnEvidence? evidence) => _evidence[column] = evidence;

    public ColumnEvidence? EvidenceOf(int column) => _evidence[column];

    public bool HasEvidence => _evidence.Any(e => e is not null);

    /// <summary>The largest image width and height among present cells, or null when every cell is missing.</summary>
    public (int Width, int Height)? NativeCellSize()
    {
        int w = 0, h = 0;
        foreach (GridCell cell in _cells)
        {
            if (cell.Image is { } image)
            {
                w = Math.Max(w, image.Width);
                h = Math.Max(h, image.Height);
            }
        }
        return w == 0 ? null : (w, h);
    }
}
