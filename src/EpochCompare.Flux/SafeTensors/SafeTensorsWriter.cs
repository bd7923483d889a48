using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EpochCompare.Flux.SafeTensors;

/// <summary>
/// Writes safetensors files with deterministic bytes, the way the reference writer lays them out:
/// tensors ordered by alignment (descending) then name, offsets consecutive, compact JSON with
/// <c>__metadata__</c> first (keys sorted), header padded with spaces to a multiple of 8.
/// The file appears atomically: written under a temporary name, then renamed.
/// </summary>
public static class SafeTensorsWriter
{
    public static void Write(
        string path,
        IEnumerable<SafeTensorToWrite> tensors,
        IReadOnlyDictionary<string, string>? metadata = null,
        bool overwrite = false)
    {
        List<SafeTensorToWrite> ordered = Validate(path, tensors);
        byte[] header = BuildHeader(ordered.Select(t => (t.Name, t.DType, t.Shape, (long)t.Data.Length * t.DType.ItemSize())), metadata);
        WriteAtomically(path, overwrite, header, stream =>
        {
            foreach (SafeTensorToWrite tensor in ordered)
            {
                WriteData(stream, tensor);
            }
        });
    }

    /// <summary>
    /// Writes tensors one at a time (a 24 GB checkpoint never sits in memory whole): the header from
    /// <paramref name="tensors"/>, then for each, in the file's canonical order, <paramref name="writeData"/>
    /// must write exactly its bytes (any dtype, little-endian, row-major).
    /// </summary>
    public static void WriteStreaming(
        string path,
        IEnumerable<SafeTensorPlan> tensors,
        Action<SafeTensorPlan, Stream> writeData,
        IReadOnlyDictionary<string, string>? metadata = null,
        bool overwrite = false)
    {
        var ordered = tensors.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (SafeTensorPlan tensor in ordered)
        {
            if (tensor.Name == "__metadata__" || !names.Add(tensor.Name))
            {
                throw new ArgumentException($"{path}: tensor name '{tensor.Name}' is reserved or used twice.");
            }
        }
        ordered.Sort((a, b) => CompareOrder(a.DType, a.Name, b.DType, b.Name));
        byte[] header = BuildHeader(ordered.Select(t => (t.Name, t.DType, t.Shape, t.ByteCount)), metadata);
        WriteAtomically(path, overwrite, header, stream =>
        {
            foreach (SafeTensorPlan tensor in ordered)
            {
                long start = stream.Position;
                writeData(tensor, stream);
                if (stream.Position - start != tensor.ByteCount)
                {
                    throw new InvalidOperationException($"{path}: tensor '{tensor.Name}' wrote {stream.Position - start} bytes, its header says {tensor.ByteCount}.");
                }
            }
        });
    }

    private static void WriteAtomically(string path, bool overwrite, byte[] header, Action<Stream> writeTensors)
    {
        string fullPath = System.IO.Path.GetFullPath(path);
        if (!overwrite && File.Exists(fullPath))
        {
            throw new IOException($"{fullPath}: already exists; refusing to overwrite it.");
        }
        string directory = System.IO.Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        string temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Span<byte> prefix = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
                stream.Write(prefix);
                stream.Write(header);
                writeTensors(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, fullPath, overwrite);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Alignment descending, then name: keeps wide types aligned, and is a canonical order.</summary>
    private static int CompareOrder(SafeTensorDType aType, string aName, SafeTensorDType bType, string bName)
    {
        int byAlignment = bType.ItemSize().CompareTo(aType.ItemSize());
        return byAlignment != 0 ? byAlignment : string.CompareOrdinal(aName, bName);
    }

    private static List<SafeTensorToWrite> Validate(string path, IEnumerable<SafeTensorToWrite> tensors)
    {
        var list = tensors.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (SafeTensorToWrite tensor in list)
        {
            if (tensor.Name == "__metadata__" || !names.Add(tensor.Name))
            {
                throw new ArgumentException($"{path}: tensor name '{tensor.Name}' is reserved or used twice.");
            }
            if (!tensor.DType.IsWritable())
            {
                throw new ArgumentException($"{path}: tensor '{tensor.Name}': writing {tensor.DType.Name()} is not supported (F32, F16, BF16 are).");
            }
            long count = 1;
            foreach (long dim in tensor.Shape)
            {
                count = dim >= 0 ? checked(count * dim) : throw new ArgumentException($"{path}: tensor '{tensor.Name}' has a negative dimension.");
            }
            if (count != tensor.Data.Length)
            {
                throw new ArgumentException($"{path}: tensor '{tensor.Name}' has shape [{string.Join(", ", tensor.Shape)}] ({count} elements) but {tensor.Data.Length} values.");
            }
        }
        list.Sort((a, b) => CompareOrder(a.DType, a.Name, b.DType, b.Name));
        return list;
    }

    private static byte[] BuildHeader(IEnumerable<(string Name, SafeTensorDType DType, IReadOnlyList<long> Shape, long Bytes)> ordered, IReadOnlyDictionary<string, string>? metadata)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject("__metadata__");
                foreach (KeyValuePair<string, string> item in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(item.Key, item.Value);
                }
                writer.WriteEndObject();
            }
            long offset = 0;
            foreach (var tensor in ordered)
            {
                long bytes = tensor.Bytes;
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", tensor.DType.Name());
                writer.WriteStartArray("shape");
                foreach (long dim in tensor.Shape)
                {
                    writer.WriteNumberValue(dim);
                }
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + bytes);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += bytes;
            }
            writer.WriteEndObject();
        }
        int length = (int)json.Length;
        int padded = (length + 7) / 8 * 8;
        byte[] header = new byte[padded];
        json.GetBuffer().AsSpan(0, length).CopyTo(header);
        header.AsSpan(length).Fill((byte)' ');
        return header;
    }

    private static void WriteData(Stream stream, SafeTensorToWrite tensor)
    {
        const int chunk = 1 << 18;
        ReadOnlySpan<float> data = tensor.Data.Span;
        switch (tensor.DType)
        {
            case SafeTensorDType.F32:
                stream.Write(MemoryMarshal.AsBytes(data));
                break;
            case SafeTensorDType.F16:
            {
                var buffer = new Half[Math.Min(chunk, Math.Max(data.Length, 1))];
                for (int start = 0; start < data.Length; start += buffer.Length)
                {
                    int count = Math.Min(buffer.Length, data.Length - start);
                    System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(data.Slice(start, count), buffer.AsSpan(0, count));
                    stream.Write(MemoryMarshal.AsBytes(buffer.AsSpan(0, count)));
                }
                break;
            }
            case SafeTensorDType.BF16:
            {
                var buffer = new ushort[Math.Min(chunk, Math.Max(data.Length, 1))];
                for (int start = 0; start < data.Length; start += buffer.Length)
                {
                    int count = Math.Min(buffer.Length, data.Length - start);
                    BFloat16Bits.FromSingle(data.Slice(start, count), buffer.AsSpan(0, count));
                    stream.Write(MemoryMarshal.AsBytes(buffer.AsSpan(0, count)));
                }
                break;
            }
            default:
                throw new InvalidOperationException($"unwritable dtype {tensor.DType.Name()}");
        }
    }
}
