using EpochCompare.Flux.Lora;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Modules;

/// <summary>nn.Linear: y = x W^T + b, W [out, in]; optionally with a LoRA side path.</summary>
public sealed class Linear : Module
{
    public Linear(string path, int inFeatures, int outFeatures, bool bias = true)
        : base(path)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = Parameter("weight", outFeatures, inFeatures);
        Bias = bias ? Parameter("bias", outFeatures) : null;
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    public ParameterSlot Weight { get; }

    public ParameterSlot? Bias { get; }

    /// <summary>The LoRA attached for training (side path), or null.</summary>
    public LoraAdapter? Lora { get; set; }

    public Tensor Forward(Tensor x)
    {
        Tensor y = Ops.Linear(x, Weight.Value, Bias?.Value);
        return Lora is { } lora ? lora.AddTo(y, x) : y;
    }
}
