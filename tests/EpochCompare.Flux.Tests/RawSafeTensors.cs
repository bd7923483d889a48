using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace EpochCompare.Flux.Tests;

/// <summary>One tensor for <see cref="RawSafeTensors"/>: a dtype string as on disk, a shape, and bytes (null = zeros, left as a hole in a sparse file).</summary>
internal sealed record RawTensor(string Name, string DType, long[] Shape, byte[]? Data = null)
{
    public long ByteCount => Shape.Aggregate(1L, (a, b) => a * b) * DType switch
    {
        "F8_E4M3" or "F8_E5M2" or "U8" or "I8" or "BOOL" => 1,
        "F16" or "BF16" or "I16" => 2,
        "F32" or "I32" => 4,
        "F64" or "I64" => 8,
        _ => throw new ArgumentException($"dtype {DType}"),
    };
}

/// <summary>
/// Writes safetensors files of any dtype for tests. Tensors without data become holes in a sparse
/// file, so a header with every key and shape of a 24 GB checkpoint costs no disk.
/// </summary>
internal static class RawSafeTensors
{
    public static void Write(string path, IEnumerable<RawTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        if (metadata is not null)
        {
            header["__metadata__"] = metadata;
        }
        long offset = 0;
        foreach (RawTensor tensor in list)
        {
            long end = offset + tensor.ByteCount;
            header[tensor.Name] = new Dictionary<string, object> { ["dtype"] = tensor.DType, ["shape"] = tensor.Shape, ["data_offsets"] = new[] { offset, end } };
            offset = end;
        }
        byte[] json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        int padded = (json.Length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        Array.Fill(headerBytes, (byte)' ');
        json.CopyTo(headerBytes, 0);

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)padded);
        stream.Write(prefix);
        stream.Write(headerBytes);
        long dataStart = 8 + padded;
        foreach ((RawTensor tensor, long begin) in list.Zip(Offsets(list)))
        {
            if (tensor.Data is not null)
            {
                stream.Position = dataStart + begin;
                stream.Write(tensor.Data);
            }
        }
        // Extending the length leaves unwritten ranges as holes.
        stream.SetLength(dataStart + offset);
    }

    /// <summary>Copies every tensor of <paramref name="source"/> (raw bytes), renamed by <paramref name="rename"/> (null drops it), plus <paramref name="extra"/>.</summary>
    public static void Rewrite(string source, string path, Func<string, string?> rename, IEnumerable<RawTensor>? extra = null)
    {
        using var file = EpochCompare.Flux.SafeTensors.SafeTensorsFile.Open(source);
        var tensors = new List<RawTensor>();
        foreach (var entry in file.Entries)
        {
            string? name = rename(entry.Name);
            if (name is not null)
            {
                string dtype = EpochCompare.Flux.SafeTensors.SafeTensorDTypes.Name(entry.DType);
                tensors.Add(new RawTensor(name, dtype, entry.Shape.ToArray(), file.ReadRaw(entry.Name)));
            }
        }
        tensors.AddRange(extra ?? []);
        Write(path, tensors, file.Metadata);
    }

    private static IEnumerable<long> Offsets(IEnumerable<RawTensor> tensors)
    {
        long offset = 0;
        foreach (RawTensor tensor in tensors)
        {
            yield return offset;
            offset += tensor.ByteCount;
        }
    }
}
