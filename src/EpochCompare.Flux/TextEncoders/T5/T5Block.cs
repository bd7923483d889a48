using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders.T5;

/// <summary>
/// One encoder block (<c>encoder.block.{i}</c>): <c>layer.0</c> = RMS norm + self-attention,
/// <c>layer.1</c> = RMS norm + gated tanh-GELU feed-forward (<c>DenseReluDense.{wi_0,wi_1,wo}</c>), each residual.
/// </summary>
public sealed class T5Block : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly SelfAttentionLayer _attention;
    private readonly FeedForwardLayer _feedForward;

    public T5Block(T5Config config, bool hasRelativeBias, Device? device = null, ScalarType? dtype = null)
        : base(nameof(T5Block))
    {
        _attention = new SelfAttentionLayer(config, hasRelativeBias, device, dtype);
        _feedForward = new FeedForwardLayer(config, device, dtype);
        var layers = new ModuleList<nn.Module>(_attention, _feedForward);
        register_module("layer", layers);
    }

    public T5Attention Attention => _attention.Attention;

    public override Tensor forward(Tensor x, Tensor bias)
    {
        using var scope = torch.NewDisposeScope();
        Tensor attended = _attention.forward(x, bias);
        return _feedForward.forward(attended).MoveToOuterDisposeScope();
    }

    private sealed class SelfAttentionLayer : nn.Module<Tensor, Tensor, Tensor>
    {
        private readonly T5LayerNorm _norm;

        public SelfAttentionLayer(T5Config config, bool hasRelativeBias, Device? device, ScalarType? dtype)
            : base("T5LayerSelfAttention")
        {
            Attention = new T5Attention(config, hasRelativeBias, device, dtype);
            _norm = new T5LayerNorm(config.DModel, config.LayerNormEpsilon, device, dtype);
            register_module("SelfAttention", Attention);
            register_module("layer_norm", _norm);
        }

        public T5Attention Attention { get; }

        public override Tensor forward(Tensor x, Tensor bias)
        {
            using var scope = torch.NewDisposeScope();
            return (x + Attention.forward(_norm.forward(x), bias)).MoveToOuterDisposeScope();
        }
    }

    private sealed class FeedForwardLayer : nn.Module<Tensor, Tensor>
    {
        private readonly T5LayerNorm _norm;
        private readonly GatedGelu _dense;

        public FeedForwardLayer(T5Config config, Device? device, ScalarType? dtype)
            : base("T5LayerFF")
        {
            _dense = new GatedGelu(config, device, dtype);
            _norm = new T5LayerNorm(config.DModel, config.LayerNormEpsilon, device, dtype);
            register_module("DenseReluDense", _dense);
            register_module("layer_norm", _norm);
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = torch.NewDisposeScope();
            return (x + _dense.forward(_norm.forward(x))).MoveToOuterDisposeScope();
        }
    }

    /// <summary><c>wo(gelu_tanh(wi_0(x)) * wi_1(x))</c>.</summary>
    private sealed class GatedGelu : nn.Module<Tensor, Tensor>
    {
        private readonly Linear _gate;
        private readonly Linear _up;
        private readonly Linear _down;

        public GatedGelu(T5Config config, Device? device, ScalarType? dtype)
            : base("T5DenseGatedActDense")
        {
            _gate = nn.Linear(config.DModel, config.DFf, hasBias: false, device: device, dtype: dtype);
            _up = nn.Linear(config.DModel, config.DFf, hasBias: false, device: device, dtype: dtype);
            _down = nn.Linear(config.DFf, config.DModel, hasBias: false, device: device, dtype: dtype);
            register_module("wi_0", _gate);
            register_module("wi_1", _up);
            register_module("wo", _down);
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = torch.NewDisposeScope();
            Tensor gated = nn.functional.gelu(_gate.call(x), GELU.Approximate.tanh) * _up.call(x);
            return _down.call(gated).MoveToOuterDisposeScope();
        }
    }
}
