using EpochCompare.Flux.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Weights;

/// <summary>
/// Builds the <see cref="FluxTransformer"/> a <see cref="TransformerCheckpoint"/> describes on the meta device and
/// materialises every weight from it onto the device in the compute dtype, one tensor at a time (fp8 upcast; for
/// fp8 kept as fp8 on the device, single-file checkpoints go through RealModel's FluxTransformerCheckpoint).
/// This path also reads diffusers transformers, whose fused weights are concatenated from parts. Strict: a key
/// missing, extra or mis-shaped fails with one line naming the checkpoint and the keys.
/// </summary>
public static class TransformerLoader
{
    public static FluxTransformer Load(TransformerCheckpoint checkpoint, Device device, ScalarType dtype)
    {
        var model = new FluxTransformer(checkpoint.Params, META);
        try
        {
            Dictionary<string, Tensor> expected = model.state_dict();
            var missing = expected.Keys.Where(k => !checkpoint.Contains(k)).Order(StringComparer.Ordinal).ToList();
            var unexpected = checkpoint.Keys.Where(k => !expected.ContainsKey(k)).ToList();
            var mismatched = expected
                .Where(kv => checkpoint.Contains(kv.Key) && !checkpoint.Shape(kv.Key).SequenceEqual(kv.Value.shape))
                .Select(kv => $"{kv.Key} (file [{string.Join(", ", checkpoint.Shape(kv.Key))}], model [{string.Join(", ", kv.Value.shape)}])")
                .ToList();
            var report = new StateDictReport(missing, unexpected, mismatched);
            if (!report.IsExact)
            {
                throw new InvalidDataException($"{checkpoint.Name}: checkpoint does not fit the model: {report}.");
            }
            var modules = model.named_modules().ToDictionary(m => m.name, m => m.module, StringComparer.Ordinal);
            foreach ((string key, Tensor placeholder) in expected)
            {
                int dot = key.LastIndexOf('.');
                Tensor value = checkpoint.Read(key, dtype);
                ModuleMaterializer.Assign(modules[dot < 0 ? "" : key[..dot]], key, key[(dot + 1)..], placeholder,
                    device.type == DeviceType.CPU ? value : value.to(device, disposeAfter: true));
            }
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
