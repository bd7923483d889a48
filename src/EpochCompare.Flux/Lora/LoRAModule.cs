using EpochCompare.Flux.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Lora;

/// <summary>
/// kohya's <c>LoRAModule</c>: a side path beside one Linear of the base model,
/// y = base(x) + multiplier * (alpha / rank) * lora_up(lora_down(x)). Children and buffer carry kohya's names
/// (<c>lora_down.weight</c> [rank, in], <c>lora_up.weight</c> [out, rank], <c>alpha</c>). lora_down starts as
/// nn.Linear does (kaiming-uniform, a = sqrt 5, from LibTorch's generator), lora_up at zero: a fresh module leaves
/// the model unchanged.
/// </summary>
public sealed class LoRAModule : nn.Module<Tensor, Tensor>
{
    private readonly Linear lora_down;
    private readonly Linear lora_up;
    private readonly Tensor alpha;
    private Linear.HookRemover? _hook;

    public LoRAModule(string modulePath, long inFeatures, long outFeatures, int rank, float alphaValue, Device? device = null, ScalarType? dtype = null)
        : base(KohyaLoraNames.FromModulePath(modulePath))
    {
        if (rank <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), $"LoRA rank must be positive, got {rank}.");
        }
        ModulePath = modulePath;
        Rank = rank;
        lora_down = nn.Linear(inFeatures, rank, hasBias: false, device: device, dtype: dtype);
        lora_up = nn.Linear(rank, outFeatures, hasBias: false, device: device, dtype: dtype);
        using (no_grad())
        {
            lora_up.weight.zero_();
        }
        alpha = tensor(alphaValue, dtype: ScalarType.Float32, device: device);
        RegisterComponents();
    }

    /// <summary>BFL path of the adapted Linear, e.g. <c>double_blocks.0.img_attn.qkv</c>.</summary>
    public string ModulePath { get; }

    public string LoraName => KohyaLoraNames.FromModulePath(ModulePath);

    public int Rank { get; }

    public float Alpha => alpha.item<float>();

    public float Multiplier { get; set; } = 1f;

    /// <summary>The factor on up(down(x)): multiplier * alpha / rank.</summary>
    public float EffectiveScale => Multiplier * Alpha / Rank;

    public Linear Down => lora_down;

    public Linear Up => lora_up;

    public bool IsApplied => _hook is not null;

    /// <summary>up(down(x)) * multiplier * alpha / rank (scaled on the narrow rank-wide activation).</summary>
    public override Tensor forward(Tensor x)
    {
        // A float32 LoRA beside a bf16/fp16 base (how training keeps it): the side path computes in its own dtype
        // and hands the base's dtype back.
        ScalarType own = lora_down.weight!.dtype;
        if (x.dtype != own)
        {
            using Tensor input = x.to_type(own);
            using Tensor output = forward(input);
            return output.to_type(x.dtype);
        }
        using Tensor down = lora_down.call(x);
        using Scalar scale = EffectiveScale.ToScalar(); // held for the op (see KeptScalars)
        using Tensor scaled = down.mul(scale);
        return lora_up.call(scaled);
    }

    /// <summary>Hooks the side path onto <paramref name="target"/>'s output (kohya's apply_to: the base Linear stays as it is).</summary>
    public void ApplyTo(Linear target)
    {
        if (_hook is not null)
        {
            throw new InvalidOperationException($"LoRA '{LoraName}' is already applied.");
        }
        if (target.in_features != lora_down.in_features || target.out_features != lora_up.out_features)
        {
            throw new ArgumentException($"LoRA module '{ModulePath}' is [{lora_up.out_features}, {lora_down.in_features}] but the model's Linear is [{target.out_features}, {target.in_features}].");
        }
        _hook = target.register_forward_hook((_, input, output) => Multiplier == 0f ? output : output.Plus(call(input)));
    }

    /// <summary>Unhooks the side path; the base Linear is as it was.</summary>
    public void Remove()
    {
        _hook?.remove();
        _hook = null;
    }

    /// <summary>W += multiplier * alpha/rank * up @ down, computed in float32 and stored in W's dtype.</summary>
    public void MergeInto(Linear target)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Parameter weight = target.weight;
        if (Weights.Float8Linear.IsFloat8(target))
        {
            throw new InvalidOperationException($"LoRA '{LoraName}': the base weight is kept in fp8; apply the LoRA beside it instead of merging.");
        }
        Tensor delta = lora_up.weight.to_type(ScalarType.Float32).matmul(lora_down.weight.to_type(ScalarType.Float32)) * EffectiveScale;
        weight.copy_((weight.to_type(ScalarType.Float32) + delta.to(weight.device)).to_type(weight.dtype));
    }

    /// <summary>This module's weights in the file-ready form (float32 arrays) the kohya writer takes.</summary>
    public LoraModuleWeights ToWeights()
    {
        float[] Values(Tensor t) => t.detach().to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        return new LoraModuleWeights(ModulePath, (int)lora_down.in_features, (int)lora_up.out_features, Rank, Alpha, Values(lora_down.weight), Values(lora_up.weight));
    }

    /// <summary>A module holding loaded weights.</summary>
    public static LoRAModule FromWeights(LoraModuleWeights weights, float multiplier, Device? device = null, ScalarType? dtype = null)
    {
        var module = new LoRAModule(weights.ModulePath, weights.InFeatures, weights.OutFeatures, weights.Rank, weights.Alpha, device, dtype) { Multiplier = multiplier };
        using (no_grad())
        {
            module.lora_down.weight.copy_(torch.tensor(weights.Down, [weights.Rank, weights.InFeatures]));
            module.lora_up.weight.copy_(torch.tensor(weights.Up, [weights.OutFeatures, weights.Rank]));
        }
        return module;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Remove();
        }
        base.Dispose(disposing);
    }
}
