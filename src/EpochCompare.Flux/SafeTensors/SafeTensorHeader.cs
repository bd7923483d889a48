using System.Text.Json;

namespace EpochCompare.Flux.SafeTensors;

/// <summary>
/// A safetensors header, parsed and validated before anything in it is trusted:
/// length limit, well-formed JSON, known dtypes, shape x itemsize == byte count,
/// and tensors that tile the data section exactly (no overlaps, no holes, nothing past the end).
/// </summary>
public sealed class SafeTensorHeader
{
    /// <summary>The limit the reference implementation enforces; larger headers are not legitimate files.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const string MetadataKey = "__metadata__";

    private SafeTensorHeader(long headerLength, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<SafeTensorEntry> entries)
    {
        HeaderLength = headerLength;
        Metadata = metadata;
        Entries = entries;
    }

    /// <summary>Byte length of the JSON header (the number in the first 8 bytes).</summary>
    public long HeaderLength { get; }

    /// <summary>Offset of the data section from the start of the file.</summary>
    public long DataStart => 8 + HeaderLength;

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Tensors in data order.</summary>
    public IReadOnlyList<SafeTensorEntry> Entries { get; }

    /// <summary>Checks the 8-byte length prefix against the limit and the file size.</summary>
    public static long ValidateHeaderLength(ulong declared, long fileLength, string fileName)
    {
        if (declared > MaxHeaderLength)
        {
            throw Invalid(fileName, $"header length {declared} exceeds the {MaxHeaderLength}-byte limit");
        }
        if ((long)declared + 8 > fileLength)
        {
            throw Invalid(fileName, $"header length {declared} runs past the end of the {fileLength}-byte file (truncated?)");
        }
        if (declared < 2)
        {
            throw Invalid(fileName, $"header length {declared} is too small to hold a JSON object");
        }
        return (long)declared;
    }

    /// <summary>Parses and validates the header JSON; <paramref name="dataLength"/> is the size of the data section.</summary>
    public static SafeTensorHeader Parse(ReadOnlySpan<byte> json, long dataLength, string fileName)
    {
        JsonDocument document;
        try
        {
            // Trailing spaces are legal padding; the reader accepts any JSON whitespace around the object.
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw Invalid(fileName, $"header is not valid JSON ({ex.Message})");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(fileName, $"header is a JSON {root.ValueKind}, not an object");
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<SafeTensorEntry>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw Invalid(fileName, $"header has the key '{property.Name}' twice");
                }
                if (property.Name == MetadataKey)
                {
                    ReadMetadata(property.Value, metadata, fileName);
                }
                else
                {
                    entries.Add(ReadEntry(property.Name, property.Value, dataLength, fileName));
                }
            }

            entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
            CheckTiling(entries, dataLength, fileName);
            return new SafeTensorHeader(json.Length, metadata, entries);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string fileName)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(fileName, $"{MetadataKey} is a JSON {value.ValueKind}, not an object of strings");
        }
        foreach (JsonProperty item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw Invalid(fileName, $"{MetadataKey} value '{item.Name}' is a JSON {item.Value.ValueKind}, not a string");
            }
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw Invalid(fileName, $"{MetadataKey} has the key '{item.Name}' twice");
            }
        }
    }

    private static SafeTensorEntry ReadEntry(string name, JsonElement value, long dataLength, string fileName)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(fileName, $"tensor '{name}' is described by a JSON {value.ValueKind}, not an object");
        }
        if (!value.TryGetProperty("dtype", out JsonElement dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw Invalid(fileName, $"tensor '{name}' has no dtype string");
        }
        string dtypeName = dtypeElement.GetString()!;
        if (!SafeTensorDTypes.TryParse(dtypeName, out SafeTensorDType dtype))
        {
            throw Invalid(fileName, $"tensor '{name}' has unknown or unsupported dtype '{dtypeName}'");
        }

        if (!value.TryGetProperty("shape", out JsonElement shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(fileName, $"tensor '{name}' has no shape array");
        }
        var shape = new List<long>();
        foreach (JsonElement dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long size) || size < 0)
            {
                throw Invalid(fileName, $"tensor '{name}' has an invalid shape dimension {dim.GetRawText()}");
            }
            shape.Add(size);
        }

        if (!value.TryGetProperty("data_offsets", out JsonElement offsetsElement)
            || offsetsElement.ValueKind != JsonValueKind.Array || offsetsElement.GetArrayLength() != 2)
        {
            throw Invalid(fileName, $"tensor '{name}' has no data_offsets pair");
        }
        long begin = ReadOffset(name, offsetsElement[0], fileName);
        long end = ReadOffset(name, offsetsElement[1], fileName);
        if (end < begin)
        {
            throw Invalid(fileName, $"tensor '{name}' has data_offsets [{begin}, {end}] that end before they begin");
        }
        if (end > dataLength)
        {
            throw Invalid(fileName, $"tensor '{name}' has data_offsets [{begin}, {end}] past the end of the {dataLength}-byte data section (truncated?)");
        }

        long expectedBytes;
        try
        {
            expectedBytes = dtype.ItemSize();
            foreach (long dim in shape)
            {
                expectedBytes = checked(expectedBytes * dim);
            }
        }
        catch (OverflowException)
        {
            throw Invalid(fileName, $"tensor '{name}' has shape [{string.Join(", ", shape)}] too large to address");
        }
        if (expectedBytes != end - begin)
        {
            throw Invalid(fileName, $"tensor '{name}' is {dtypeName} [{string.Join(", ", shape)}] = {expectedBytes} bytes but its data_offsets span {end - begin} bytes");
        }
        return new SafeTensorEntry(name, dtype, shape.AsReadOnly(), begin, end);
    }

    private static long ReadOffset(string name, JsonElement element, string fileName)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long offset) || offset < 0)
        {
            throw Invalid(fileName, $"tensor '{name}' has an invalid data offset {element.GetRawText()}");
        }
        return offset;
    }

    private static void CheckTiling(List<SafeTensorEntry> sorted, long dataLength, string fileName)
    {
        long expected = 0;
        SafeTensorEntry? previous = null;
        foreach (SafeTensorEntry entry in sorted)
        {
            if (entry.Begin < expected)
            {
                throw Invalid(fileName, $"tensors '{previous!.Name}' [{previous.Begin}, {previous.End}] and '{entry.Name}' [{entry.Begin}, {entry.End}] overlap");
            }
            if (entry.Begin > expected)
            {
                throw Invalid(fileName, $"bytes [{expected}, {entry.Begin}) of the data section belong to no tensor");
            }
            expected = entry.End;
            previous = entry;
        }
        if (expected != dataLength)
        {
            throw Invalid(fileName, $"the tensors cover {expected} bytes but the data section holds {dataLength}");
        }
    }

    internal static InvalidDataException Invalid(string fileName, string problem) =>
        new($"{fileName}: not a valid safetensors file: {problem}.");
}
