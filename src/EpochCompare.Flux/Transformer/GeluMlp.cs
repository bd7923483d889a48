using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>The double blocks' MLP, BFL's <c>nn.Sequential(Linear, GELU(tanh), Linear)</c>: checkpoint keys <c>.0</c> and <c>.2</c>.</summary>
public static class GeluMlp
{
    public static Sequential Create(long hidden, long mlpHidden, Device? device = null, ScalarType? dtype = null) =>
        nn.Sequential(
            nn.Linear(hidden, mlpHidden, hasBias: true, device: device, dtype: dtype),
            nn.GELU(GELU.Approximate.tanh),
            nn.Linear(mlpHidden, hidden, hasBias: true, device: device, dtype: dtype));
}
