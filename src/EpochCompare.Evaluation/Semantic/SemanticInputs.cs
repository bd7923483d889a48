namespace EpochCompare.Evaluation.Semantic;

/// <summary>One sample image's place in the grid.</summary>
public readonly record struct SampleKey(string PromptId, int Epoch, int Seed);

/// <summary>
/// A prompt's zero-shot question: the concept's text embedding first, then the alternatives it must
/// beat, and the full prompt's embedding (for CLIPScore). Names are for reasons and CSVs only.
/// </summary>
public sealed record PromptConcept(string Concept, IReadOnlyList<string> Candidates, IReadOnlyList<float[]> CandidateEmbeddings, float[] PromptEmbedding);

/// <summary>
/// Embeddings from pretrained encoders (CLIP and/or DINOv2), computed elsewhere: this layer only
/// turns vectors into signals. Either family may be absent; then its signals are absent too.
/// </summary>
public sealed class SemanticInputs
{
    public static SemanticInputs None { get; } = new();

    /// <summary>CLIP image embeddings per sample (any length; cosines are taken).</summary>
    public IReadOnlyDictionary<SampleKey, float[]> ClipImages { get; init; } = new Dictionary<SampleKey, float[]>();

    /// <summary>Per prompt id: the concept and the prompt's CLIP text embeddings.</summary>
    public IReadOnlyDictionary<string, PromptConcept> Concepts { get; init; } = new Dictionary<string, PromptConcept>();

    /// <summary>exp(logit_scale) of the CLIP checkpoint (100 for the released models).</summary>
    public double LogitScale { get; init; } = 100;

    /// <summary>DINOv2 class-token embeddings per sample.</summary>
    public IReadOnlyDictionary<SampleKey, float[]> DinoImages { get; init; } = new Dictionary<SampleKey, float[]>();

    /// <summary>DINOv2 embeddings of the training images, by training image id.</summary>
    public IReadOnlyList<(string Id, float[] Embedding)> DinoTraining { get; init; } = [];

    public bool HasClip => ClipImages.Count > 0 && Concepts.Count > 0;

    public bool HasDino => DinoImages.Count > 0;

    /// <summary>Which encoders fed the signals: "clip+dinov2", "clip", "dinov2" or null.</summary>
    public string? Encoders => (HasClip, HasDino) switch
    {
        (true, true) => "clip+dinov2",
        (true, false) => "clip",
        (false, true) => "dinov2",
        _ => null,
    };
}
