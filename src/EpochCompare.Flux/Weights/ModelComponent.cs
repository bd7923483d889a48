namespace EpochCompare.Flux.Weights;

/// <summary>The FLUX.1 parts that come as weight files besides the transformer.</summary>
public enum ModelComponent
{
    ClipL,
    T5,
    Autoencoder,
}

/// <summary>How each component is recognised: one probe key, the prefixes bundles put it under, the diffusers subfolder.</summary>
public static class ModelComponents
{
    public static string Title(this ModelComponent component) => component switch
    {
        ModelComponent.ClipL => "CLIP text encoder",
        ModelComponent.T5 => "T5 encoder",
        _ => "FLUX autoencoder",
    };

    /// <summary>A key every file of the component holds (in our names).</summary>
    public static string ProbeKey(this ModelComponent component) => component switch
    {
        ModelComponent.ClipL => "text_model.embeddings.token_embedding.weight",
        ModelComponent.T5 => "encoder.block.0.layer.0.SelfAttention.q.weight",
        _ => "encoder.down.0.block.0.conv1.weight",
    };

    /// <summary>Where ComfyUI/Forge all-in-one checkpoints put it (CUI supported_models.Flux), after the bare layout.</summary>
    public static IReadOnlyList<string> Prefixes(this ModelComponent component) => component switch
    {
        ModelComponent.ClipL => ["", "text_encoders.clip_l.transformer."],
        ModelComponent.T5 => ["", "text_encoders.t5xxl.transformer."],
        _ => ["", "vae."],
    };

    /// <summary>The subfolder of a diffusers FLUX.1 repository (model_index.json beside it).</summary>
    public static string DiffusersFolder(this ModelComponent component) => component switch
    {
        ModelComponent.ClipL => "text_encoder",
        ModelComponent.T5 => "text_encoder_2",
        _ => "vae",
    };
}
