using System.Text;
using System.Text.Json;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Semantic.Tests;

/// <summary>
/// Safetensors files with a real checkpoint's header (every key, dtype, shape, from
/// Fixtures/real-headers/*.tsv) and sparse, unwritten data: gigabytes on paper, nothing on disk.
/// </summary>
internal static class RealHeaders
{
    public static IReadOnlyList<(string Name, string DType, long[] Shape)> Read(string listName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "real-headers", listName);
        return File.ReadLines(path)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(f => (f[0], f[1], f[2].Length == 0 ? Array.Empty<long>() : f[2].Split(',').Select(long.Parse).ToArray()))
            .ToList();
    }

    public static string WriteSparse(string directory, string listName, Func<string, bool>? keep = null)
    {
        var header = new Dictionary<string, object>();
        long offset = 0;
        foreach ((string name, string dtype, long[] shape) in Read(listName).Where(k => keep?.Invoke(k.Name) ?? true))
        {
            long bytes = shape.Aggregate(1L, (a, b) => a * b) * (dtype == "I64" ? 8 : 4);
            header[name] = new { dtype, shape, data_offsets = new[] { offset, offset + bytes } };
            offset += bytes;
        }
        byte[] json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        string path = Path.Combine(directory, Path.ChangeExtension(listName, ".safetensors"));
        using (FileStream stream = File.Create(path))
        {
            stream.Write(BitConverter.GetBytes((ulong)json.Length));
            stream.Write(json);
            stream.SetLength(8 + json.Length + offset);
        }
        return path;
    }

    public static long ParameterCount(SafeTensorsFile file) =>
        file.Entries.Where(e => e.DType == SafeTensorDType.F32).Sum(e => e.ElementCount);
}
