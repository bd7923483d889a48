using EpochCompare.Flux.SafeTensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Weights;

/// <summary>
/// Makes a TorchSharp <see cref="Linear"/> hold its weight as fp8 bytes (a uint8 [out, in] Parameter) on the
/// device and compute with it upcast, one layer at a time: a forward pre-hook swaps in the weight decoded to the
/// compute dtype (times the layer's <c>scale_weight</c>), the forward hook swaps the bytes back and frees the
/// decoded copy. TorchSharp's Linear is sealed, so this rides on its hooks instead of subclassing it; the model's
/// modules, state-dict names and LoRA hooks stay as they are (a LoRA's side path adds to the output; merging into
/// fp8 bytes is refused). At rest the Linear's weight is the only handle on the bytes, so disposing the model
/// frees them.
/// </summary>
public sealed class Float8Linear
{
    private readonly Linear _linear;
    private readonly Tensor _table;
    private Tensor? _visitingTable;
    private Tensor? _bytesInFlight;

    private Float8Linear(Linear linear, Tensor table, SafeTensorDType format, double scale)
    {
        _linear = linear;
        _table = table;
        Format = format;
        Scale = scale;
        linear.register_forward_pre_hook(SwapInDecoded);
        linear.register_forward_hook(SwapBackBytes);
    }

    public SafeTensorDType Format { get; }

    /// <summary>ComfyUI's per-layer <c>scale_weight</c> (1 for plain fp8 files).</summary>
    public double Scale { get; }

    /// <summary>Whether <paramref name="linear"/> holds fp8 bytes (its weight is uint8).</summary>
    public static bool IsFloat8(Linear linear) => linear.weight?.dtype == ScalarType.Byte;

    /// <summary>
    /// Makes <paramref name="bytes"/> (uint8, the Linear's weight shape, on the device the layer runs on; the Linear
    /// takes the tensor over) <paramref name="linear"/>'s weight. The hooks keep this object alive as long as the Linear.
    /// </summary>
    public static Float8Linear Attach(Linear linear, Tensor bytes, SafeTensorDType format, double scale, ScalarType computeDType)
    {
        if (bytes.dtype != ScalarType.Byte || bytes.dim() != 2 || bytes.shape[0] != linear.out_features || bytes.shape[1] != linear.in_features)
        {
            throw new ArgumentException($"fp8 weight must be uint8 [{linear.out_features}, {linear.in_features}], got {bytes.dtype} [{string.Join(", ", bytes.shape)}].");
        }
        Tensor table = Float8Weights.Table(format, computeDType, bytes.device, scale).DetachFromDisposeScope();
        linear.weight = new Parameter(bytes, requires_grad: false);
        return new Float8Linear(linear, table, format, scale);
    }

    private Tensor SwapInDecoded(nn.Module<Tensor, Tensor> module, Tensor input)
    {
        // A second handle keeps the bytes' storage while the setter disposes the Parameter it replaces.
        _bytesInFlight = _linear.weight!.alias().DetachFromDisposeScope();
        _linear.weight = new Parameter(Float8Weights.Gather(TableOn(_bytesInFlight.device), _bytesInFlight), requires_grad: false);
        return input;
    }

    /// <summary>The decode table where the bytes are now: a block offload moves them between the CPU and the device.</summary>
    private Tensor TableOn(Device device)
    {
        if (Same(_table.device, device))
        {
            return _table;
        }
        if (_visitingTable is null || !Same(_visitingTable.device, device))
        {
            _visitingTable?.Dispose();
            _visitingTable = _table.to(device).DetachFromDisposeScope();
        }
        return _visitingTable;
    }

    private static bool Same(Device a, Device b) => a.type == b.type && Math.Max(a.index, 0) == Math.Max(b.index, 0);

    private Tensor SwapBackBytes(nn.Module<Tensor, Tensor> module, Tensor input, Tensor output)
    {
        // Parameter takes the handle over; replacing the decoded weight disposes it before the next layer decodes.
        _linear.weight = new Parameter(_bytesInFlight!, requires_grad: false);
        _bytesInFlight = null;
        return output;
    }
}
