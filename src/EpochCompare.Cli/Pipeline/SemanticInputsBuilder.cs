using EpochCompare.Evaluation.Semantic;
using EpochCompare.Evaluation.Signals;
using EpochCompare.Semantic.Encoders;

namespace EpochCompare.Cli.Pipeline;

/// <summary>
/// Runs the encoders the user gave over the samples and training images (through the embedding
/// cache) and hands Evaluation plain vectors: Evaluation knows nothing of TorchSharp, Semantic
/// nothing of verdicts; this is where they meet.
/// </summary>
internal sealed class SemanticInputsBuilder : IDisposable
{
    /// <summary>Broad everyday categories the prompted concept must beat besides the run's other concepts.</summary>
    internal static readonly string[] GenericAlternatives = ["person", "animal", "building", "landscape", "plant", "food", "text", "abstract pattern"];

    private readonly ClipEmbedder? _clip;
    private readonly Dinov2Embedder? _dino;

    private SemanticInputsBuilder(ClipEmbedder? clip, Dinov2Embedder? dino)
    {
        _clip = clip;
        _dino = dino;
    }

    /// <summary>Opens and checks both weights files first, so a wrong file fails before anything is measured or written.</summary>
    public static SemanticInputsBuilder Open(SemanticRequest request)
    {
        var device = request.Device.Resolve();
        ClipEmbedder? clip = request.ClipPath is { } c ? ClipEmbedder.Load(SemanticRequest.ResolveWeights(c, "--clip"), device) : null;
        try
        {
            Dinov2Embedder? dino = request.DinoPath is { } d ? Dinov2Embedder.Load(SemanticRequest.ResolveWeights(d, "--dino"), device) : null;
            return new SemanticInputsBuilder(clip, dino);
        }
        catch
        {
            clip?.Dispose();
            throw;
        }
    }

    /// <param name="prompts">Per prompt id: its text (may be null when no prompt file was given) and index.</param>
    /// <param name="progress">Starts a progress bar per encoder pass (null: none).</param>
    public SemanticInputs Build(
        SemanticRequest request,
        IReadOnlyList<SampleCell> cells,
        IReadOnlyList<TrainingImage> training,
        IReadOnlyList<(string Id, int Index, string? Text)> prompts,
        string cacheDir,
        TextWriter log,
        List<string> warnings,
        EmbeddingProgress.StartPass? progress = null)
    {
        var cache = new EmbeddingCache(cacheDir);
        var keys = cells.Select(c => new SampleKey(c.PromptId, c.Epoch, c.Seed)).ToList();
        var inputs = new SemanticInputs();
        if (_clip is not null)
        {
            var images = cache.Embed(_clip, [.. cells.Select(c => c.Image)], progress?.Invoke($"CLIP: {cells.Count} sample images"));
            log.WriteLine($"CLIP: {cells.Count} sample images ({cache.LastComputed} encoded, {cells.Count - cache.LastComputed} cached)");
            inputs = WithConcepts(request, prompts, warnings) is { Count: > 0 } concepts
                ? new SemanticInputs
                {
                    ClipImages = keys.Zip(images).ToDictionary(p => p.First, p => p.Second),
                    Concepts = concepts,
                    LogitScale = _clip.LogitScale,
                }
                : inputs;
        }
        if (_dino is not null)
        {
            var images = cache.Embed(_dino, [.. cells.Select(c => c.Image)], progress?.Invoke($"DINOv2: {cells.Count} sample images"));
            int computed = cache.LastComputed;
            var train = training.Count == 0 ? [] : cache.Embed(_dino, [.. training.Select(t => t.Image)], progress?.Invoke($"DINOv2: {training.Count} training images"));
            log.WriteLine($"DINOv2: {cells.Count} sample and {training.Count} training images ({computed + (training.Count == 0 ? 0 : cache.LastComputed)} encoded, the rest cached)");
            inputs = new SemanticInputs
            {
                ClipImages = inputs.ClipImages,
                Concepts = inputs.Concepts,
                LogitScale = inputs.LogitScale,
                DinoImages = keys.Zip(images).ToDictionary(p => p.First, p => p.Second),
                DinoTraining = [.. training.Zip(train).Select(p => (p.First.Id, p.Second))],
            };
        }
        return inputs;
    }

    private Dictionary<string, PromptConcept> WithConcepts(SemanticRequest request, IReadOnlyList<(string Id, int Index, string? Text)> prompts, List<string> warnings)
    {
        var byIndex = PromptConcepts.Derive(
            [.. prompts.Select(p => p.Text ?? "")],
            prompts.Select((p, i) => (i, request.Concepts.GetValueOrDefault(p.Index))).Where(x => x.Item2 is not null).ToDictionary(x => x.i, x => x.Item2!),
            request.Triggers);
        var concepts = new Dictionary<string, PromptConcept>(StringComparer.Ordinal);
        var names = byIndex.Values.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        for (int i = 0; i < prompts.Count; i++)
        {
            if (!byIndex.TryGetValue(i, out string? concept))
            {
                warnings.Add($"prompt {prompts[i].Id}: no concept to ask CLIP about (give a prompt file, or --concept {prompts[i].Index}=WORD); no concept_score for it.");
                continue;
            }
            var candidates = new[] { concept }
                .Concat(names.Where(n => !n.Equals(concept, StringComparison.OrdinalIgnoreCase)))
                .Concat(GenericAlternatives.Where(g => !concept.Contains(g, StringComparison.OrdinalIgnoreCase)))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            var texts = candidates.Select(c => $"a photo of a {c}.").Append(prompts[i].Text ?? concept).ToList();
            var embeddings = _clip!.EmbedTexts(texts);
            concepts[prompts[i].Id] = new PromptConcept(concept, candidates, [.. embeddings.Take(candidates.Count)], embeddings[^1]);
        }
        return concepts;
    }

    public void Dispose()
    {
        _clip?.Dispose();
        _dino?.Dispose();
    }
}
