namespace EpochCompare.Evaluation.Report;

/// <summary>The report's inline stylesheet: verdict colours (overfit red, recommended green), readable tables.</summary>
internal static class ReportStyle
{
    public const string Css = """
        body { font-family: system-ui, sans-serif; margin: 24px; color: #222; max-width: 1200px; }
        h1 { font-size: 1.4em; }
        .meta { color: #555; }
        code { background: #f3f3f3; padding: 0 3px; border-radius: 3px; }
        .verdict { border: 2px solid #999; border-radius: 8px; padding: 12px 18px; margin: 16px 0; }
        .v-overfit, .v-memorized, .v-fried, .v-collapsed { border-color: #c62828; }
        .v-ok { border-color: #2e7d32; }
        .v-learning, .v-not_learned { border-color: #f9a825; }
        .word { text-transform: uppercase; letter-spacing: 0.05em; }
        .v-overfit .word, .v-memorized .word, .v-fried .word, .v-collapsed .word { color: #c62828; }
        .v-ok .word { color: #2e7d32; }
        .facts { display: grid; grid-template-columns: max-content auto; gap: 2px 14px; }
        .facts dt { color: #555; }
        .facts dd { margin: 0; font-weight: 600; }
        .facts .overfit { color: #c62828; }
        .facts .recommended { color: #2e7d32; }
        .reasons { font-size: 0.9em; }
        .prompt { border-top: 1px solid #ddd; margin-top: 28px; padding-top: 8px; }
        .role { font-size: 0.7em; background: #eee; border-radius: 4px; padding: 2px 6px; font-weight: normal; }
        .charts { display: flex; flex-wrap: wrap; gap: 12px; }
        .chart-title { font-size: 13px; font-weight: 600; }
        .tick { font-size: 10px; fill: #444; }
        .axis { font-size: 11px; fill: #333; }
        figure img { max-width: 100%; border: 1px solid #ccc; }
        .evidence img { width: 192px; height: 192px; margin-right: 8px; }
        table { border-collapse: collapse; font-size: 0.85em; margin-top: 12px; }
        th, td { border: 1px solid #ddd; padding: 3px 7px; text-align: right; }
        th { background: #f5f5f5; }
        tr.base td { background: #eef3fb; }
        tr.flagged td { background: #fdecea; }
        nav ul { list-style: none; padding: 0; display: flex; gap: 12px; }
        """;
}
