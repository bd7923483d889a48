using EpochCompare.Flux.SafeTensors;
using EpochCompare.Semantic.Loading;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Dinov2;

/// <summary>
/// DINOv2 ViT as in <c>facebook/dinov2-*</c> <c>model.safetensors</c>: embeddings, encoder, final
/// <c>layernorm</c> over all tokens. The image descriptor is the normalised class token.
/// </summary>
public sealed class Dinov2Model : nn.Module<Tensor, Tensor>
{
    private readonly Dinov2Embeddings embeddings;
    private readonly Dinov2Encoder encoder;
    private readonly LayerNorm layernorm;

    public Dinov2Model(Dinov2Config config, Device? device = null) : base(nameof(Dinov2Model))
    {
        Config = config;
        embeddings = new Dinov2Embeddings(config, device);
        encoder = new Dinov2Encoder(config, device);
        layernorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps, device: device);
        RegisterComponents();
    }

    public Dinov2Config Config { get; }

    /// <summary>0.1 = the original facebookresearch interpolation (default); 0 = current transformers.</summary>
    public double InterpolateOffset
    {
        get => embeddings.InterpolateOffset;
        set => embeddings.InterpolateOffset = value;
    }

    /// <summary>The class token after the final norm (B, D): transformers' <c>pooler_output</c>, the original's <c>x_norm_clstoken</c>.</summary>
    public override Tensor forward(Tensor pixelValues) => LastHiddenState(pixelValues)[.., 0];

    /// <summary>(B, 1 + h·w, D) after the final norm.</summary>
    public Tensor LastHiddenState(Tensor pixelValues) => layernorm.forward(encoder.forward(embeddings.forward(pixelValues)));

    /// <summary>The patch embeddings alone (B, h·w, D), before class token and positions.</summary>
    internal Tensor Embeddings(Tensor pixelValues) => embeddings.forward(pixelValues);

    /// <summary>The config from the checkpoint's shapes (trained grid from the position count).</summary>
    public static Dinov2Config InferConfig(SafeTensorsFile file, SemanticCheckpoint checkpoint)
    {
        IReadOnlyList<long> patch = checkpoint.Shape(file, "embeddings.patch_embeddings.projection.weight");
        IReadOnlyList<long> positions = checkpoint.Shape(file, "embeddings.position_embeddings");
        IReadOnlyList<long> fc1 = checkpoint.Shape(file, "encoder.layer.0.mlp.fc1.weight");
        int hidden = (int)patch[0], patchSize = (int)patch[2];
        int grid = (int)Math.Round(Math.Sqrt(positions[1] - 1));
        return new Dinov2Config(
            hidden,
            checkpoint.CountLayers(file, "encoder.layer."),
            SemanticCheckpoint.Heads(file, null, hidden),
            (int)(fc1[0] / hidden),
            grid * patchSize,
            patchSize);
    }
}
