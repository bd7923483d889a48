using EpochCompare.Flux.SafeTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Weights;

/// <summary>
/// The tensors of one model inside one or more safetensors files (a single file, a bundled checkpoint
/// under a key prefix, or a diffusers shard set), by their names with the prefix removed.
/// Tensors are read on request, one at a time, in their stored dtype.
/// </summary>
public sealed class TensorSource
{
    private readonly Dictionary<string, (SafeTensorsFile File, SafeTensorEntry Entry)> _byKey;

    public TensorSource(IEnumerable<SafeTensorsFile> files, string prefix = "")
    {
        Prefix = prefix;
        _byKey = new Dictionary<string, (SafeTensorsFile, SafeTensorEntry)>(StringComparer.Ordinal);
        foreach (SafeTensorsFile file in files)
        {
            foreach (SafeTensorEntry entry in file.Entries)
            {
                if (entry.Name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    _byKey[entry.Name[prefix.Length..]] = (file, entry);
                }
            }
        }
    }

    public TensorSource(SafeTensorsFile file, string prefix = "")
        : this([file], prefix)
    {
    }

    public string Prefix { get; }

    public IEnumerable<string> Keys => _byKey.Keys;

    public int Count => _byKey.Count;

    public bool Contains(string key) => _byKey.ContainsKey(key);

    public SafeTensorEntry Entry(string key) => Lookup(key).Entry;

    /// <summary>The file that holds <paramref name="key"/> (for messages).</summary>
    public string FileNameOf(string key) => Path.GetFileName(Lookup(key).File.Path);

    /// <summary>
    /// Reads a tensor in its stored dtype. F8_E4M3 and F8_E5M2 come back as their raw bytes in a
    /// uint8 tensor (LibTorch 2.10 has fp8, TorchSharp 0.107 does not name it); <see cref="Float8Weights"/> upcasts them.
    /// </summary>
    public Tensor Read(string key, Device? device = null)
    {
        (SafeTensorsFile file, SafeTensorEntry entry) = Lookup(key);
        ScalarType dtype = TorchDType(entry.DType)
            ?? throw new InvalidDataException($"{Path.GetFileName(file.Path)}: tensor '{entry.Name}' has dtype {entry.DType.Name()}, which this model cannot use.");
        byte[] raw = file.ReadRaw(entry.Name);
        Tensor tensor = torch.empty(entry.Shape.ToArray(), dtype);
        if (raw.Length > 0)
        {
            tensor.bytes = raw;
        }
        if (device is null || device.type == DeviceType.CPU)
        {
            return tensor;
        }
        using (tensor)
        {
            return tensor.to(device);
        }
    }

    /// <summary>The LibTorch dtype a safetensors dtype is read into (fp8 as raw bytes).</summary>
    public static ScalarType? TorchDType(SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.F32 => ScalarType.Float32,
        SafeTensorDType.F16 => ScalarType.Float16,
        SafeTensorDType.BF16 => ScalarType.BFloat16,
        SafeTensorDType.F64 => ScalarType.Float64,
        SafeTensorDType.I64 => ScalarType.Int64,
        SafeTensorDType.I32 => ScalarType.Int32,
        SafeTensorDType.I16 => ScalarType.Int16,
        SafeTensorDType.I8 => ScalarType.Int8,
        SafeTensorDType.U8 or SafeTensorDType.F8E4M3 or SafeTensorDType.F8E5M2 => ScalarType.Byte,
        SafeTensorDType.Bool => ScalarType.Bool,
        _ => null,
    };

    private (SafeTensorsFile File, SafeTensorEntry Entry) Lookup(string key) =>
        _byKey.TryGetValue(key, out var found)
            ? found
            : throw new KeyNotFoundException($"no tensor named '{Prefix}{key}'.");
}
