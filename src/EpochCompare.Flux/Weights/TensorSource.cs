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

    private TensorSource(Dictionary<string, (SafeTensorsFile, SafeTensorEntry)> byKey, string prefix)
    {
        _byKey = byKey;
        Prefix = prefix;
    }

    public string Prefix { get; }

    public IEnumerable<string> Keys => _byKey.Keys;

    public int Count => _byKey.Count;

    public bool Contains(string key) => _byKey.ContainsKey(key);

    /// <summary>The same tensors under other names (another producer's layout mapped to ours); <paramref name="rename"/> returns null to drop a key.</summary>
    public TensorSource Renamed(Func<string, string?> rename)
    {
        var byKey = new Dictionary<string, (SafeTensorsFile, SafeTensorEntry)>(StringComparer.Ordinal);
        foreach ((string key, var found) in _byKey)
        {
            if (rename(key) is { } name)
            {
                byKey[name] = found;
            }
        }
        return new TensorSource(byKey, Prefix);
    }

    /// <summary>Total elements of every tensor (the parameter count a header declares).</summary>
    public long ElementCount => _byKey.Values.Sum(v => v.Entry.ElementCount);

    public SafeTensorEntry Entry(string key) => Lookup(key).Entry;

    /// <summary>The file that holds <paramref name="key"/> (for messages).</summary>
    public string FileNameOf(string key) => Path.GetFileName(Lookup(key).File.Path);

    /// <summary>
    /// Reads a tensor in its stored dtype. F8_E4M3 and F8_E5M2 come back as their raw bytes in a uint8
    /// tensor (TorchSharp 0.107 names no fp8 dtype); <see cref="Float8Weights"/> upcasts them per layer.
    /// </summary>
    public Tensor Read(string key, Device? device = null)
    {
        (SafeTensorsFile file, SafeTensorEntry entry) = Lookup(key);
        Tensor tensor;
        if (IsFloat8(entry.DType))
        {
            tensor = torch.empty(entry.Shape.ToArray(), ScalarType.Byte);
            if (entry.ByteCount > 0)
            {
                file.ReadRaw(entry, tensor.bytes);
            }
        }
        else if (SafeTensorTorch.ToScalarType(entry.DType) is not null)
        {
            tensor = SafeTensorTorch.Read(file, entry);
        }
        else
        {
            throw new InvalidDataException($"{Path.GetFileName(file.Path)}: tensor '{entry.Name}' has dtype {entry.DType.Name()}, which this model cannot use.");
        }
        return device is null || device.type == DeviceType.CPU ? tensor : tensor.to(device, disposeAfter: true);
    }

    public static bool IsFloat8(SafeTensorDType dtype) => dtype is SafeTensorDType.F8E4M3 or SafeTensorDType.F8E5M2;

    private (SafeTensorsFile File, SafeTensorEntry Entry) Lookup(string key) =>
        _byKey.TryGetValue(key, out var found)
            ? found
            : throw new KeyNotFoundException($"no tensor named '{Prefix}{key}'.");
}
