using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using EpochCompare.Flux.Weights;
using TorchSharp;
using TorchSharp.Modules;

namespace EpochCompare.Cli.Benchmarks;

/// <summary>
/// A safetensors file with a model's every key and shape and no data written: the file is sized but its data is a
/// hole (sparse), so a 12 GB checkpoint costs no disk and reads back as zeros. 2-D Linear weights are F8_E4M3 (as in
/// the fp8 files users have), everything else BF16.
/// </summary>
internal static class SparseCheckpoint
{
    public static void WriteFloat8(string path, torch.nn.Module metaModel)
    {
        var linears = metaModel.named_modules().Where(m => m.module is Linear).Select(m => m.name + ".weight").ToHashSet(StringComparer.Ordinal);
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        long offset = 0;
        foreach ((string name, torch.Tensor tensor) in ModuleWeights.Targets(metaModel))
        {
            bool fp8 = linears.Contains(name);
            long bytes = tensor.numel() * (fp8 ? 1 : 2);
            header[name] = new Dictionary<string, object> { ["dtype"] = fp8 ? "F8_E4M3" : "BF16", ["shape"] = tensor.shape, ["data_offsets"] = new[] { offset, offset + bytes } };
            offset += bytes;
        }
        byte[] json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        int padded = (json.Length + 7) / 8 * 8;
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++)
        {
            stream.WriteByte((byte)' ');
        }
        stream.SetLength(8 + padded + offset);
    }
}
