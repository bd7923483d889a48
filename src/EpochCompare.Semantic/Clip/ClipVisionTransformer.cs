using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Clip;

/// <summary>
/// The CLIP image tower (<c>vision_model</c>): embeddings, <c>pre_layrnorm</c> (the typo is the
/// checkpoint's), the encoder, and <c>post_layernorm</c> on the class token only.
/// </summary>
public sealed class ClipVisionTransformer : nn.Module<Tensor, Tensor>
{
    private readonly ClipVisionEmbeddings embeddings;
    private readonly LayerNorm pre_layrnorm;
    private readonly ClipEncoder encoder;
    private readonly LayerNorm post_layernorm;

    public ClipVisionTransformer(ClipVisionConfig config, Device? device = null) : base(nameof(ClipVisionTransformer))
    {
        Config = config;
        embeddings = new ClipVisionEmbeddings(config, device);
        pre_layrnorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps, device: device);
        encoder = new ClipEncoder(config.HiddenSize, config.NumAttentionHeads, config.IntermediateSize, config.NumHiddenLayers, config.LayerNormEps, device);
        post_layernorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps, device: device);
        RegisterComponents();
    }

    public ClipVisionConfig Config { get; }

    /// <summary>The pooled output (B, hidden): <c>post_layernorm</c> of token 0 after the last layer.</summary>
    public override Tensor forward(Tensor pixelValues) => post_layernorm.forward(LastHiddenState(pixelValues)[.., 0]);

    public Tensor LastHiddenState(Tensor pixelValues) => encoder.forward(pre_layrnorm.forward(embeddings.forward(pixelValues)));
}
