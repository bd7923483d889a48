using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Weights;

/// <summary>
/// Builds the <see cref="FluxTransformer"/> a <see cref="TransformerCheckpoint"/> describes on the meta device and
/// materialises every weight from it onto the device, one tensor at a time: in the compute dtype (fp8 upcast, times
/// its <c>scale_weight</c>), or, where <see cref="LoadPrecision.Float8"/> says so, Linear weights as fp8 bytes
/// (<see cref="Float8Linear"/>: stored fp8 kept, 16-bit rounded to e4m3fn). Diffusers' fused weights are concatenated
/// from their parts. Strict: a key missing, extra or mis-shaped fails with one line naming the checkpoint and the keys.
/// </summary>
public static class TransformerLoader
{
    public static FluxTransformer Load(TransformerCheckpoint checkpoint, Device device, ScalarType dtype) =>
        Load(checkpoint, device, new LoadPrecision(dtype));

    /// <param name="placement">Where each weight goes (the block offload keeps blocks on the CPU); null: everything on <paramref name="device"/>.</param>
    public static FluxTransformer Load(TransformerCheckpoint checkpoint, Device device, LoadPrecision precision, Func<string, Device>? placement = null)
    {
        var model = new FluxTransformer(checkpoint.Params, META, precision.ComputeDType);
        try
        {
            StateDictReport report = Check(model, checkpoint);
            if (!report.IsExact)
            {
                throw new InvalidDataException($"{checkpoint.Name}: checkpoint does not fit the model: {report}.");
            }
            var modules = model.named_modules().ToDictionary(m => m.name, m => m.module, StringComparer.Ordinal);
            using (torch.no_grad())
            {
                foreach ((string key, Tensor placeholder) in model.state_dict())
                {
                    int dot = key.LastIndexOf('.');
                    Materialize(checkpoint, modules[dot < 0 ? "" : key[..dot]], key, key[(dot + 1)..], placeholder, placement?.Invoke(key) ?? device, precision);
                }
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

    /// <summary>Names and shapes of the checkpoint against the model its config builds (on meta; no weights read).</summary>
    public static StateDictReport Check(TransformerCheckpoint checkpoint)
    {
        using var model = new FluxTransformer(checkpoint.Params, META);
        return Check(model, checkpoint);
    }

    private static StateDictReport Check(FluxTransformer model, TransformerCheckpoint checkpoint)
    {
        Dictionary<string, Tensor> expected = model.state_dict();
        var missing = expected.Keys.Where(k => !checkpoint.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var unexpected = checkpoint.Keys.Where(k => !expected.ContainsKey(k)).ToList();
        var mismatched = expected
            .Where(kv => checkpoint.Contains(kv.Key) && !checkpoint.Shape(kv.Key).SequenceEqual(kv.Value.shape))
            .Select(kv => $"{kv.Key} (file [{string.Join(", ", checkpoint.Shape(kv.Key))}], model [{string.Join(", ", kv.Value.shape)}])")
            .ToList();
        return new StateDictReport(missing, unexpected, mismatched);
    }

    private static void Materialize(TransformerCheckpoint checkpoint, nn.Module owner, string key, string name, Tensor placeholder, Device device, LoadPrecision precision)
    {
        using var scope = torch.NewDisposeScope();
        bool storedFloat8 = TensorSource.IsFloat8(checkpoint.StoredDType(key));
        if (owner is Linear linear && name == "weight" && precision.KeepsFloat8(storedFloat8))
        {
            if (!checkpoint.TryReadFloat8(key, out Tensor bytes, out SafeTensorDType format, out double scale))
            {
                (bytes, format, scale) = (Float8Weights.QuantizeE4M3(checkpoint.Read(key, ScalarType.Float32)), SafeTensorDType.F8E4M3, 1.0);
            }
            Float8Linear.Attach(linear, ToDevice(bytes, device), format, scale, precision.ComputeDType);
            return;
        }
        Tensor value = checkpoint.Read(key, precision.DType ?? checkpoint.StoredFloatDType(key));
        ModuleMaterializer.Assign(owner, key, name, placeholder, ToDevice(value, device));
    }

    private static Tensor ToDevice(Tensor value, Device device) =>
        device.type == DeviceType.CPU ? value : value.to(device, disposeAfter: true);
}
