using EpochCompare.Flux.SafeTensors;
using EpochCompare.Semantic.Loading;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Clip;

/// <summary>
/// CLIP with the names of <c>openai/clip-vit-large-patch14</c>: <c>vision_model</c>,
/// <c>visual_projection</c>, <c>text_projection</c>, <c>logit_scale</c> (the text tower is FLUX's
/// CLIP-L text model, shared with the encoder in EpochCompare.Flux).
/// </summary>
public sealed class ClipModel : nn.Module<Tensor, Tensor>
{
    private readonly ClipVisionTransformer vision_model;
    private readonly Linear visual_projection;
    private readonly Linear text_projection;
    private readonly Parameter logit_scale;

    public ClipModel(ClipVisionConfig vision, int textHidden, int projection, Device? device = null) : base(nameof(ClipModel))
    {
        vision_model = new ClipVisionTransformer(vision, device);
        visual_projection = nn.Linear(vision.HiddenSize, projection, hasBias: false, device: device);
        text_projection = nn.Linear(textHidden, projection, hasBias: false, device: device);
        logit_scale = nn.Parameter(tensor(MathF.Log(100f), device: device));
        RegisterComponents();
    }

    public ClipVisionConfig VisionConfig => vision_model.Config;

    /// <summary>exp(<c>logit_scale</c>): the temperature of the zero-shot softmax.</summary>
    public double LogitScale => logit_scale.exp().item<float>();

    /// <summary>Unnormalised image embeddings (B, P), as <c>get_image_features</c> / <c>encode_image</c>.</summary>
    public override Tensor forward(Tensor pixelValues) => visual_projection.forward(vision_model.forward(pixelValues));

    /// <summary>Unnormalised text embeddings (T, P) from the text tower's pooled output (T, Wt).</summary>
    public Tensor ProjectText(Tensor pooled) => text_projection.forward(pooled);

    internal ClipVisionTransformer VisionModel => vision_model;

    /// <summary>The vision config from the checkpoint's shapes (grid from the position count).</summary>
    public static ClipVisionConfig InferVisionConfig(SafeTensorsFile file, SemanticCheckpoint checkpoint)
    {
        IReadOnlyList<long> patch = checkpoint.Shape(file, "vision_model.embeddings.patch_embedding.weight");
        IReadOnlyList<long> positions = checkpoint.Shape(file, "vision_model.embeddings.position_embedding.weight");
        IReadOnlyList<long> fc1 = checkpoint.Shape(file, "vision_model.encoder.layers.0.mlp.fc1.weight");
        int hidden = (int)patch[0], patchSize = (int)patch[2];
        int grid = (int)Math.Round(Math.Sqrt(positions[0] - 1));
        return new ClipVisionConfig(
            hidden,
            (int)fc1[0],
            SemanticCheckpoint.Heads(file, "vision_config", hidden),
            checkpoint.CountLayers(file, "vision_model.encoder.layers."),
            grid * patchSize,
            patchSize);
    }
}
