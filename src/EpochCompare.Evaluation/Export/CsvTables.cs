using CsvHelper;
using EpochCompare.Imaging.Formats;

namespace EpochCompare.Evaluation.Export;

/// <summary>
/// Reads and writes the three CSVs with CsvHelper: UTF-8 without BOM, invariant culture ('.' decimals),
/// RFC 4180 quoting, LF line ends, empty cell = not available, one header row, columns in declaration
/// order of the row records. Files are written to a temporary name and renamed.
/// </summary>
public static class CsvTables
{
    public const string LongFileName = "metrics_long.csv";
    public const string SummaryFileName = "summary_by_prompt_epoch.csv";
    public const string VerdictFileName = "verdict.csv";

    private static readonly CsvWriterOptions WriterOptions = CsvWriterOptions.Default with { NewLine = "\n" };

    public static void Write<T>(string path, IEnumerable<T> rows) =>
        AtomicFile.Write(path, stream =>
        {
            using var csv = CsvWriter.Create(stream, WriterOptions, leaveOpen: true);
            csv.WriteRecords(rows);
        });

    public static void Write<T>(TextWriter writer, IEnumerable<T> rows)
    {
        using var csv = CsvWriter.Create(writer, WriterOptions, leaveOpen: true);
        csv.WriteRecords(rows);
    }

    public static List<T> Read<T>(TextReader reader)
    {
        using var csv = CsvReader.Create(reader, ReaderOptions, leaveOpen: true);
        return [.. csv.GetRecords<T>()];
    }

    public static List<T> Read<T>(string path)
    {
        using var reader = new StreamReader(path);
        return Read<T>(reader);
    }

    // Empty cells are "not available" for text columns too, so they read back as null, as written.
    private static readonly CsvReaderOptions ReaderOptions = CsvReaderOptions.Default with { Separator = ',', NullValues = [""] };
}
