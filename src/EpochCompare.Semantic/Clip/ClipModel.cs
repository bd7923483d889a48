using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.TextEncoders.Clip;
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
    private readonly ClipTextTransformer text_model;
    private readonly Linear visual_projection;
    private readonly Linear text_projection;
    private readonly Parameter logit_scale;

    public ClipModel(ClipVisionConfig vision, ClipTextConfig text, int projection, Device? device = null) : base(nameof(ClipModel))
    {
        vision_model = new ClipVisionTransformer(vision, device);
        text_model = new ClipTextTransformer(text, device);
        visual_projection = nn.Linear(vision.HiddenSize, projection, hasBias: false, device: device);
        text_projection = nn.Linear(text.HiddenSize, projection, hasBias: false, device: device);
        logit_scale = nn.Parameter(tensor(MathF.Log(100f), device: device));
        TextConfig = text;
        // Registered by name: RegisterComponents would also walk the Flux text model's private fields.
        register_module("vision_model", vision_model);
        register_module("text_model", text_model);
        register_module("visual_projection", visual_projection);
        register_module("text_projection", text_projection);
        register_parameter("logit_scale", logit_scale);
    }

    public ClipVisionConfig VisionConfig => vision_model.Config;

    /// <summary>exp(<c>logit_scale</c>): the temperature of the zero-shot softmax.</summary>
    public double LogitScale => logit_scale.exp().item<float>();

    /// <summary>Unnormalised image embeddings (B, P), as <c>get_image_features</c> / <c>encode_image</c>.</summary>
    public override Tensor forward(Tensor pixelValues) => visual_projection.forward(vision_model.forward(pixelValues));

    /// <summary>Unnormalised text embeddings (T, P), as <c>get_text_features</c> / <c>encode_text</c>: pooled at the first EOS, projected.</summary>
    public Tensor EncodeText(Tensor ids)
    {
        using ClipTextOutput output = text_model.forward(ids);
        return text_projection.forward(output.Pooled);
    }

    public ClipTextConfig TextConfig { get; }

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

    /// <summary>
    /// The text config from the checkpoint's shapes. The end-of-text id is the vocabulary's last
    /// (true of OpenAI's vocabulary; the real config.json's eos_token_id 2 is a leftover).
    /// </summary>
    public static ClipTextConfig InferTextConfig(SafeTensorsFile file, SemanticCheckpoint checkpoint)
    {
        if (!file.Contains(checkpoint.Prefix + ClipTextModel.TokenEmbeddingKey) || !file.Contains(checkpoint.Prefix + "text_projection.weight"))
        {
            throw new SemanticWeightsException($"{Path.GetFileName(file.Path)}: the CLIP text tower is missing (no text_model.* / text_projection weights): give the full CLIP checkpoint (e.g. openai/clip-vit-large-patch14 model.safetensors), not a vision-only file.");
        }
        IReadOnlyList<long> token = checkpoint.Shape(file, ClipTextModel.TokenEmbeddingKey);
        IReadOnlyList<long> positions = checkpoint.Shape(file, "text_model.embeddings.position_embedding.weight");
        IReadOnlyList<long> fc1 = checkpoint.Shape(file, "text_model.encoder.layers.0.mlp.fc1.weight");
        int hidden = (int)token[1];
        return new ClipTextConfig(
            (int)token[0],
            hidden,
            checkpoint.CountLayers(file, "text_model.encoder.layers."),
            SemanticCheckpoint.Heads(file, "text_config", hidden),
            (int)fc1[0],
            (int)positions[0],
            ClipActivation.QuickGelu,
            1e-5,
            (int)token[0] - 1);
    }

    public static int ProjectionSize(SafeTensorsFile file, SemanticCheckpoint checkpoint) =>
        (int)checkpoint.Shape(file, "visual_projection.weight")[0];
}
