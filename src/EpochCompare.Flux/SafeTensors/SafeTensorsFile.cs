using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EpochCompare.Flux.SafeTensors;

/// <summary>
/// An open safetensors file. Only the header is read on open; each tensor is read on request with
/// positional reads in bounded chunks, so a 24 GB checkpoint never lands in one array.
/// Thread-safe for concurrent reads.
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    private const int ChunkBytes = 1 << 20;

    private readonly SafeFileHandle _handle;
    private readonly Dictionary<string, SafeTensorEntry> _byName;

    private SafeTensorsFile(string path, SafeFileHandle handle, SafeTensorHeader header)
    {
        Path = path;
        _handle = handle;
        Header = header;
        _byName = header.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    public string Path { get; }

    public SafeTensorHeader Header { get; }

    public IReadOnlyDictionary<string, string> Metadata => Header.Metadata;

    /// <summary>Tensors in data order.</summary>
    public IReadOnlyList<SafeTensorEntry> Entries => Header.Entries;

    public IEnumerable<string> Names => Header.Entries.Select(e => e.Name);

    private string FileName => System.IO.Path.GetFileName(Path);

    public static SafeTensorsFile Open(string path)
    {
        SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            string fileName = System.IO.Path.GetFileName(path);
            long fileLength = RandomAccess.GetLength(handle);
            if (fileLength < 8)
            {
                throw SafeTensorHeader.Invalid(fileName, $"the file is {fileLength} bytes, too short for the 8-byte header length");
            }
            Span<byte> prefix = stackalloc byte[8];
            ReadExactly(handle, prefix, 0, fileName);
            long headerLength = SafeTensorHeader.ValidateHeaderLength(BinaryPrimitives.ReadUInt64LittleEndian(prefix), fileLength, fileName);

            var json = new byte[headerLength];
            ReadExactly(handle, json, 8, fileName);
            SafeTensorHeader header = SafeTensorHeader.Parse(json, fileLength - 8 - headerLength, fileName);
            return new SafeTensorsFile(path, handle, header);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public bool Contains(string name) => _byName.ContainsKey(name);

    public bool TryGetEntry(string name, out SafeTensorEntry entry) => _byName.TryGetValue(name, out entry!);

    public SafeTensorEntry GetEntry(string name) =>
        _byName.TryGetValue(name, out SafeTensorEntry? entry)
            ? entry
            : throw new KeyNotFoundException($"{FileName}: no tensor named '{name}'.");

    /// <summary>Reads a tensor of any float-convertible dtype as float32.</summary>
    public float[] ReadSingles(string name)
    {
        SafeTensorEntry entry = GetEntry(name);
        var values = new float[CheckedCount(entry)];
        ReadSingles(entry, values);
        return values;
    }

    /// <summary>Reads a tensor into <paramref name="destination"/>, which must hold exactly its elements.</summary>
    public void ReadSingles(SafeTensorEntry entry, Span<float> destination)
    {
        if (!entry.DType.IsReadableAsFloat())
        {
            throw new InvalidDataException($"{FileName}: tensor '{entry.Name}' has dtype {entry.DType.Name()}, which cannot be read as float.");
        }
        if (destination.Length != entry.ElementCount)
        {
            throw new ArgumentException($"{FileName}: tensor '{entry.Name}' {entry.ShapeText} has {entry.ElementCount} elements, destination holds {destination.Length}.");
        }
        int itemSize = entry.DType.ItemSize();
        int elementsPerChunk = ChunkBytes / itemSize;
        byte[] buffer = new byte[(int)Math.Min(ChunkBytes, Math.Max(entry.ByteCount, 1))];
        long done = 0;
        while (done < entry.ElementCount)
        {
            int count = (int)Math.Min(elementsPerChunk, entry.ElementCount - done);
            Span<byte> bytes = buffer.AsSpan(0, count * itemSize);
            ReadExactly(_handle, bytes, Header.DataStart + entry.Begin + done * itemSize, FileName);
            Convert(entry.DType, bytes, destination.Slice((int)done, count));
            done += count;
        }
    }

    /// <summary>Reads a tensor as float64 (schedules and integer fixtures keep their precision).</summary>
    public double[] ReadDoubles(string name)
    {
        SafeTensorEntry entry = GetEntry(name);
        int count = CheckedCount(entry);
        if (entry.DType is SafeTensorDType.F64 or SafeTensorDType.I64)
        {
            var bytes = new byte[entry.ByteCount];
            ReadExactly(_handle, bytes, Header.DataStart + entry.Begin, FileName);
            var values = new double[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = entry.DType == SafeTensorDType.F64
                    ? BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i * 8))
                    : BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i * 8));
            }
            return values;
        }
        return Array.ConvertAll(ReadSingles(name), v => (double)v);
    }

    /// <summary>The tensor's bytes exactly as stored.</summary>
    public byte[] ReadRaw(string name)
    {
        SafeTensorEntry entry = GetEntry(name);
        CheckedCount(entry);
        var bytes = new byte[entry.ByteCount];
        ReadExactly(_handle, bytes, Header.DataStart + entry.Begin, FileName);
        return bytes;
    }

    /// <summary>Reads a tensor's stored bytes straight into <paramref name="destination"/> (e.g. a LibTorch tensor's storage), which must hold exactly them.</summary>
    public void ReadRaw(SafeTensorEntry entry, Span<byte> destination)
    {
        if (destination.Length != entry.ByteCount)
        {
            throw new ArgumentException($"{FileName}: tensor '{entry.Name}' {entry.ShapeText} has {entry.ByteCount} bytes, destination holds {destination.Length}.");
        }
        ReadExactly(_handle, destination, Header.DataStart + entry.Begin, FileName);
    }

    public void Dispose() => _handle.Dispose();

    private int CheckedCount(SafeTensorEntry entry) =>
        entry.ByteCount <= Array.MaxLength
            ? (int)entry.ElementCount
            : throw new InvalidDataException($"{FileName}: tensor '{entry.Name}' {entry.ShapeText} is too large for one array.");

    private static void Convert(SafeTensorDType dtype, ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        // safetensors is little-endian, like every machine .NET runs this project on.
        switch (dtype)
        {
            case SafeTensorDType.F32:
                MemoryMarshal.Cast<byte, float>(bytes).CopyTo(destination);
                break;
            case SafeTensorDType.F16:
                System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(bytes), destination);
                break;
            case SafeTensorDType.BF16:
                BFloat16Bits.ToSingle(MemoryMarshal.Cast<byte, ushort>(bytes), destination);
                break;
            case SafeTensorDType.F64:
                ReadOnlySpan<double> doubles = MemoryMarshal.Cast<byte, double>(bytes);
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)doubles[i];
                }
                break;
            case SafeTensorDType.I64:
                ReadOnlySpan<long> longs = MemoryMarshal.Cast<byte, long>(bytes);
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = longs[i];
                }
                break;
            case SafeTensorDType.I32:
                ReadOnlySpan<int> ints = MemoryMarshal.Cast<byte, int>(bytes);
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = ints[i];
                }
                break;
            case SafeTensorDType.F8E4M3:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = Float8E4M3.ToSingle(bytes[i]);
                }
                break;
            default:
                throw new InvalidOperationException($"dtype {dtype.Name()} is not convertible to float");
        }
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset, string fileName)
    {
        while (destination.Length > 0)
        {
            int read = RandomAccess.Read(handle, destination, offset);
            if (read == 0)
            {
                throw new InvalidDataException($"{fileName}: not a valid safetensors file: unexpected end of file at byte {offset}.");
            }
            destination = destination[read..];
            offset += read;
        }
    }
}
