using EpochCompare.Imaging.Text;

namespace EpochCompare.Imaging.Grids;

/// <summary>
/// Where everything on one grid page goes. Sizes follow the cell size like A1111's grids: the label
/// font is (cell width + cell height) / 25, gaps and margins scale with it, and the base column sits
/// apart behind a wider gap with a separator line.
/// </summary>
public sealed class GridLayout
{
    private GridLayout()
    {
    }

    public int Width { get; private set; }

    public int Height { get; private set; }

    public int CellWidth { get; private set; }

    public int CellHeight { get; private set; }

    /// <summary>Grid column index of each page column, left to right.</summary>
    public IReadOnlyList<int> Columns { get; private set; } = [];

    public Font LabelFont { get; private set; } = null!;

    public Font CaptionFont { get; private set; } = null!;

    public Font TitleFont { get; private set; } = null!;

    public int Gap { get; private set; }

    public int Margin { get; private set; }

    public int Padding { get; private set; }

    public IReadOnlyList<string> TitleLines { get; private set; } = [];

    public PixelRect TitleBand { get; private set; }

    public string? PageLabel { get; private set; }

    public PixelRect[] HeaderRects { get; private set; } = [];

    public PixelRect[] RowLabelRects { get; private set; } = [];

    /// <summary>Row labels repeated right of the last column on wide pages (empty otherwise), so seeds stay named while scrolling.</summary>
    public PixelRect[] RightRowLabelRects { get; private set; } = [];

    /// <summary>Pages with more columns than this repeat the row labels on the right.</summary>
    public const int RightLabelsFromColumns = 13;

    /// <summary>[row, page column].</summary>
    public PixelRect[,] CellRects { get; private set; } = new PixelRect[0, 0];

    /// <summary>Empty when the grid carries no evidence.</summary>
    public PixelRect[] EvidenceRects { get; private set; } = [];

    /// <summary>The separator between the base column and the epochs, or null without a base column.</summary>
    public PixelRect? BaseSeparator { get; private set; }

    public static GridLayout Create(PromptGrid grid, IReadOnlyList<int> columns, int cellWidth, int cellHeight,
        Typeface typeface, GridOptions options, int pageNumber = 1, int pageCount = 1)
    {
        var layout = new GridLayout { Columns = columns, CellWidth = cellWidth, CellHeight = cellHeight };
        float fontSize = MathF.Max(12, (cellWidth + cellHeight) / 25f);
        layout.LabelFont = new Font(typeface, fontSize);
        layout.CaptionFont = new Font(typeface, MathF.Max(10, fontSize * 0.72f));
        layout.TitleFont = new Font(typeface, fontSize);
        int gap = layout.Gap = Math.Max(2, (cellWidth + cellHeight) / 128);
        int margin = layout.Margin = Math.Max(8, (int)(fontSize * 0.6f));
        int pad = layout.Padding = Math.Max(3, (int)(fontSize / 3));
        int lineHeight = (int)MathF.Ceiling(layout.LabelFont.LineHeight);
        int captionHeight = (int)MathF.Ceiling(layout.CaptionFont.LineHeight);

        bool hasBase = columns.Count > 0 && grid.Columns[columns[0]].IsBase;
        int baseGap = gap * 3 + Math.Max(2, gap);

        // Row labels: as wide as the widest label needs, but never more than 3/4 of a cell (A1111's width).
        float widestLabel = grid.Rows.Max(r => layout.LabelFont.MeasureWidth(r.DisplayLabel));
        int labelWidth = (int)Math.Clamp(MathF.Ceiling(widestLabel) + 2 * pad, fontSize * 3, Math.Max(fontSize * 3, cellWidth * 3 / 4f));

        int columnsX = margin + labelWidth + gap;
        var xs = new int[columns.Count];
        int x = columnsX;
        for (int i = 0; i < columns.Count; i++)
        {
            xs[i] = x;
            x += cellWidth + (i == 0 && hasBase ? baseGap : gap);
        }
        int contentRight = x - (columns.Count == 1 && hasBase ? baseGap : gap);
        bool rightLabels = columns.Count >= RightLabelsFromColumns;
        int rightLabelsX = contentRight + gap;
        layout.Width = (rightLabels ? rightLabelsX + labelWidth : contentRight) + margin;

        // Title band: the prompt wrapped to the page width, at most TitleMaxLines lines.
        if (pageCount > 1)
        {
            layout.PageLabel = $"page {pageNumber}/{pageCount}";
        }
        float pageLabelWidth = layout.PageLabel is null ? 0 : layout.CaptionFont.MeasureWidth(layout.PageLabel) + 2 * pad;
        float titleWidth = Math.Max(fontSize * 4, layout.Width - 2 * margin - pageLabelWidth);
        layout.TitleLines = WrapTitle(layout.TitleFont, grid.Prompt, titleWidth, Math.Max(1, options.TitleMaxLines));
        int titleHeight = (int)MathF.Ceiling(layout.TitleLines.Count * layout.TitleFont.LineHeight);
        layout.TitleBand = new PixelRect(margin, margin, layout.Width - 2 * margin, titleHeight);

        bool anyCaption = columns.Any(c => grid.MarkOf(c).Caption is not null);
        int headerHeight = lineHeight + (anyCaption ? captionHeight : 0) + 2 * pad;
        int headerY = margin + titleHeight + pad;
        layout.HeaderRects = [.. xs.Select(cx => new PixelRect(cx, headerY, cellWidth, headerHeight))];

        int rowsY = headerY + headerHeight + gap;
        layout.CellRects = new PixelRect[grid.Rows.Count, columns.Count];
        layout.RowLabelRects = new PixelRect[grid.Rows.Count];
        layout.RightRowLabelRects = new PixelRect[rightLabels ? grid.Rows.Count : 0];
        for (int r = 0; r < grid.Rows.Count; r++)
        {
            int y = rowsY + r * (cellHeight + gap);
            layout.RowLabelRects[r] = new PixelRect(margin, y, labelWidth, cellHeight);
            if (rightLabels)
            {
                layout.RightRowLabelRects[r] = new PixelRect(rightLabelsX, y, labelWidth, cellHeight);
            }
            for (int i = 0; i < columns.Count; i++)
            {
                layout.CellRects[r, i] = new PixelRect(xs[i], y, cellWidth, cellHeight);
            }
        }
        int bottom = rowsY + grid.Rows.Count * (cellHeight + gap) - gap;

        if (columns.Any(c => grid.EvidenceOf(c) is not null))
        {
            int evidenceHeight = captionHeight + Math.Max(4, (int)(fontSize * 0.5f)) + 2 * pad;
            layout.EvidenceRects = [.. xs.Select(cx => new PixelRect(cx, bottom + gap, cellWidth, evidenceHeight))];
            bottom += gap + evidenceHeight;
        }
        layout.Height = bottom + margin;

        if (hasBase && columns.Count > 1)
        {
            int separatorWidth = Math.Max(2, gap / 2);
            int separatorX = xs[0] + cellWidth + (baseGap - separatorWidth) / 2;
            layout.BaseSeparator = new PixelRect(separatorX, headerY, separatorWidth, bottom - headerY);
        }
        return layout;
    }

    /// <summary>Area in megapixels, for the size guard.</summary>
    public double Megapixels => (double)Width * Height / 1e6;

    private static List<string> WrapTitle(Font font, string prompt, float width, int maxLines)
    {
        List<string> lines = TextLayout.Wrap(font, prompt.Trim(), width);
        if (lines.Count <= maxLines)
        {
            return lines;
        }
        // Too long to show whole: cut, and say so with an ellipsis (ASCII, so every font has it).
        List<string> kept = lines.GetRange(0, maxLines);
        string last = kept[^1];
        while (last.Length > 0 && font.MeasureWidth(last + " ...") > width)
        {
            last = last[..^1];
        }
        kept[^1] = last.TrimEnd() + " ...";
        return kept;
    }
}
