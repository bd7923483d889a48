using EpochCompare.Flux.Transformer;
using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders.T5;

/// <summary>
/// One encoder block (<c>encoder.block.{i}</c>): <c>layer.0</c> = RMS norm + self-attention,
/// <c>layer.1</c> = RMS norm + gated tanh-GELU feed-forward (<c>DenseReluDense.{wi_0,wi_1,wo}</c>), each residual.
/// </summary>
public sealed class T5Block : nn.Module<Tensor, Tensor, Tensor>
{
    // The only child field: the two sub-layers live in it (layer.0, layer.1), so no second name reaches the state dict.
    [ComponentName(Name = "layer")]
    private readonly ModuleList<nn.Module> _layers;

    public T5Block(T5Config config, bool hasRelativeBias, Device? device = null, ScalarType? dtype = null)
        : base(nameof(T5Block))
    {
        _layers = new ModuleList<nn.Module>(new SelfAttentionLayer(config, hasRelativeBias, device, dtype), new FeedForwardLayer(config, device, dtype));
        RegisterComponents();
    }

    private SelfAttentionLayer SelfAttention => (SelfAttentionLayer)_layers[0];

    private FeedForwardLayer FeedForward => (FeedForwardLayer)_layers[1];

    public T5Attention Attention => SelfAttention.Attention;

    public override Tensor forward(Tensor x, Tensor bias)
    {
        using var scope = torch.NewDisposeScope();
        Tensor attended = SelfAttention.forward(x, bias);
        return FeedForward.forward(attended).MoveToOuterDisposeScope();
    }

    private sealed class SelfAttentionLayer : nn.Module<Tensor, Tensor, Tensor>
    {
        [ComponentName(Name = "SelfAttention")]
        private readonly T5Attention _selfAttention;
        [ComponentName(Name = "layer_norm")]
        private readonly T5LayerNorm _norm;

        public SelfAttentionLayer(T5Config config, bool hasRelativeBias, Device? device, ScalarType? dtype)
            : base("T5LayerSelfAttention")
        {
            _selfAttention = new T5Attention(config, hasRelativeBias, device, dtype);
            _norm = new T5LayerNorm(config.DModel, config.LayerNormEpsilon, device, dtype);
            RegisterComponents();
        }

        public T5Attention Attention => _selfAttention;

        public override Tensor forward(Tensor x, Tensor bias)
        {
            using var scope = torch.NewDisposeScope();
            return x.Plus(Attention.forward(_norm.forward(x), bias)).MoveToOuterDisposeScope();
        }
    }

    private sealed class FeedForwardLayer : nn.Module<Tensor, Tensor>
    {
        [ComponentName(Name = "layer_norm")]
        private readonly T5LayerNorm _norm;
        [ComponentName(Name = "DenseReluDense")]
        private readonly GatedGelu _dense;

        public FeedForwardLayer(T5Config config, Device? device, ScalarType? dtype)
            : base("T5LayerFF")
        {
            _dense = new GatedGelu(config, device, dtype);
            _norm = new T5LayerNorm(config.DModel, config.LayerNormEpsilon, device, dtype);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = torch.NewDisposeScope();
            return x.Plus(_dense.forward(_norm.forward(x))).MoveToOuterDisposeScope();
        }
    }

    /// <summary><c>wo(gelu_tanh(wi_0(x)) * wi_1(x))</c>.</summary>
    private sealed class GatedGelu : nn.Module<Tensor, Tensor>
    {
        [ComponentName(Name = "wi_0")]
        private readonly Linear _gate;
        [ComponentName(Name = "wi_1")]
        private readonly Linear _up;
        [ComponentName(Name = "wo")]
        private readonly Linear _down;

        public GatedGelu(T5Config config, Device? device, ScalarType? dtype)
            : base("T5DenseGatedActDense")
        {
            _gate = nn.Linear(config.DModel, config.DFf, hasBias: false, device: device, dtype: dtype);
            _up = nn.Linear(config.DModel, config.DFf, hasBias: false, device: device, dtype: dtype);
            _down = nn.Linear(config.DFf, config.DModel, hasBias: false, device: device, dtype: dtype);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = torch.NewDisposeScope();
            Tensor gated = nn.functional.gelu(_gate.call(x), GELU.Approximate.tanh) * _up.call(x);
            return _down.call(gated).MoveToOuterDisposeScope();
        }
    }
}
