namespace EpochCompare.Evaluation.Export;

/// <summary>Writes the three CSVs of an evaluation into one folder and returns their paths.</summary>
public static class EvaluationCsv
{
    public static IReadOnlyList<string> WriteAll(EvaluationResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        string longPath = Path.Combine(directory, CsvTables.LongFileName);
        string summaryPath = Path.Combine(directory, CsvTables.SummaryFileName);
        string verdictPath = Path.Combine(directory, CsvTables.VerdictFileName);
        CsvTables.Write(longPath, LongRows.From(result));
        CsvTables.Write(summaryPath, SummaryRows.From(result));
        CsvTables.Write(verdictPath, VerdictRows.From(result));
        return [longPath, summaryPath, verdictPath];
    }
}
