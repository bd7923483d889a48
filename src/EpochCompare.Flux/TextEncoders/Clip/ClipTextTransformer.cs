using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders.Clip;

/// <summary>HF <c>CLIPTextTransformer</c>: <c>embeddings</c>, <c>encoder.layers.{i}</c>, <c>final_layer_norm</c>.</summary>
public sealed class ClipTextTransformer : nn.Module<Tensor, ClipTextOutput>
{
    [ComponentName(Name = "embeddings")]
    private readonly ClipEmbeddings _embeddings;
    [ComponentName(Name = "encoder")]
    private readonly ClipEncoder _encoder;
    [ComponentName(Name = "final_layer_norm")]
    private readonly LayerNorm _finalNorm;
    private readonly ClipTextConfig _config;

    public ClipTextTransformer(ClipTextConfig config, Device? device = null, ScalarType? dtype = null)
        : base(nameof(ClipTextTransformer))
    {
        _config = config;
        _embeddings = new ClipEmbeddings(config, device, dtype);
        // HF nests the layer list one level down: text_model.encoder.layers.{i}. The list is held only there, so
        // each layer is registered once.
        _encoder = new ClipEncoder(Enumerable.Range(0, config.Layers).Select(_ => new ClipEncoderLayer(
            config.HiddenSize, config.Heads, config.IntermediateSize, config.LayerNormEps, config.Activation, causal: true, device, dtype)));
        _finalNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps, device: device, dtype: dtype);
        RegisterComponents();
    }

    public override ClipTextOutput forward(Tensor ids) => Encode(ids, keepHiddenStates: false);

    /// <summary>Runs the tower on (batch, tokens) int64 ids (no padding mask: EOS padding is causal-masked away, as in FLUX and HF).</summary>
    public ClipTextOutput Encode(Tensor ids, bool keepHiddenStates)
    {
        if (ids.shape.Length != 2 || ids.shape[1] > _config.MaxPositions)
        {
            throw new ArgumentException($"CLIP ids must be (batch, tokens <= {_config.MaxPositions}); got [{string.Join(", ", ids.shape)}].", nameof(ids));
        }
        using var scope = torch.NewDisposeScope();
        var hiddenStates = new List<Tensor>();
        Tensor x = _embeddings.forward(ids);
        if (keepHiddenStates)
        {
            hiddenStates.Add(x);
        }
        foreach (ClipEncoderLayer layer in _encoder.Layers)
        {
            x = layer.forward(x);
            if (keepHiddenStates)
            {
                hiddenStates.Add(x);
            }
        }
        Tensor last = _finalNorm.forward(x);
        Tensor eos = EosPositions(ids);
        Tensor pooled = last[torch.arange(ids.shape[0], device: ids.device), eos];
        return new ClipTextOutput(
            last.MoveToOuterDisposeScope(),
            pooled.MoveToOuterDisposeScope(),
            hiddenStates.Select(h => h.MoveToOuterDisposeScope()).ToList());
    }

    /// <summary>Where the pooled output is read: the first EOS, or the largest id under the legacy rule.</summary>
    public Tensor EosPositions(Tensor ids)
    {
        using var scope = torch.NewDisposeScope();
        Tensor positions = _config.EosTokenId is int eos
            ? ids.eq(eos).to_type(ScalarType.Int32).argmax(1, keepdim: false)
            : ids.argmax(1, keepdim: false);
        return positions.MoveToOuterDisposeScope();
    }

    /// <summary><c>encoder</c>: holds <c>layers</c> so the keys read <c>encoder.layers.{i}</c>.</summary>
    private sealed class ClipEncoder : nn.Module
    {
        [ComponentName(Name = "layers")]
        private readonly ModuleList<ClipEncoderLayer> _layers;

        public ClipEncoder(IEnumerable<ClipEncoderLayer> layers)
            : base("ClipEncoder")
        {
            _layers = new ModuleList<ClipEncoderLayer>([.. layers]);
            RegisterComponents();
        }

        public IEnumerable<ClipEncoderLayer> Layers => _layers;
    }
}
