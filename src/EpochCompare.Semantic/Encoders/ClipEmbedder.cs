using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.TextEncoders.Clip;
using EpochCompare.Semantic.Clip;
using EpochCompare.Semantic.Loading;
using EpochCompare.Semantic.Preprocessing;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Encoders;

/// <summary>CLIP image and text embeddings (unnormalised, as <c>encode_image</c> / <c>encode_text</c>) with OpenAI's preprocessing.</summary>
public sealed class ClipEmbedder : IImageEmbedder, IDisposable
{
    private readonly ClipModel _model;
    private readonly Device _device;
    private readonly BatchedImageForward _images;

    private ClipEmbedder(ClipModel model, Device device, string fingerprint, int batch)
    {
        _model = model;
        _device = device;
        Fingerprint = fingerprint;
        Preprocessing = VitPreprocessing.Clip(model.VisionConfig.ImageSize);
        _images = new BatchedImageForward(Preprocessing, model.forward, device, batch);
    }

    public VitPreprocessing Preprocessing { get; }

    public string Fingerprint { get; }

    /// <summary>exp(logit_scale): the zero-shot softmax temperature.</summary>
    public double LogitScale => _model.LogitScale;

    /// <summary>Parameters held (both towers for CLIP): the fp32 weight bytes are 4x this.</summary>
    public long ParameterCount => _model.parameters().Sum(p => p.numel());

    /// <summary>Loads a full CLIP checkpoint (both towers) or throws <see cref="SemanticWeightsException"/> with one line.</summary>
    public static ClipEmbedder Load(string path, Device device, int batch = 8)
    {
        (SafeTensorsFile file, SemanticCheckpoint checkpoint) = SemanticCheckpoint.Open(path, SemanticModelKind.Clip);
        using (file)
        {
            ClipTextConfig text = ClipModel.InferTextConfig(file, checkpoint);
            var model = new ClipModel(ClipModel.InferVisionConfig(file, checkpoint), text, ClipModel.ProjectionSize(file, checkpoint), device);
            SemanticWeights.Load(model, file, checkpoint.Prefix, "CLIP");
            model.eval();
            string fingerprint = "clip-" + WeightsFingerprint.Of(file, VitPreprocessing.Clip(model.VisionConfig.ImageSize).Version);
            return new ClipEmbedder(model, device, fingerprint, batch);
        }
    }

    /// <summary>A model with random weights in the given shapes (benchmarks).</summary>
    public static ClipEmbedder Random(ClipVisionConfig vision, ClipTextConfig text, int projection, Device device, int batch = 8)
    {
        var model = new ClipModel(vision, text, projection, device);
        model.eval();
        return new ClipEmbedder(model, device, "clip-random", batch);
    }

    public IReadOnlyList<float[]> Embed(IReadOnlyList<RgbPixels> images) => _images.Embed(images);

    /// <summary>Text embeddings of prompts through the CLIP BPE tokenizer (BOS, tokens, EOS, EOS padding; truncated to the context).</summary>
    public IReadOnlyList<float[]> EmbedTexts(IReadOnlyList<string> texts)
    {
        ClipTokenizer tokenizer = ClipTokenizer.ClipL;
        if (_model.TextConfig.VocabSize != tokenizer.VocabularySize)
        {
            throw new SemanticWeightsException($"CLIP text tower has a {_model.TextConfig.VocabSize}-token vocabulary, not the {tokenizer.VocabularySize} of the CLIP BPE tokenizer: not a released CLIP checkpoint.");
        }
        int context = _model.TextConfig.MaxPositions;
        var ids = texts.SelectMany(t => tokenizer.Encode(t, context).InputIds.Select(i => (long)i)).ToArray();
        return EmbedIds(ids, texts.Count, context);
    }

    /// <summary>Text embeddings of already tokenized rows ((count, context) ids, row-major).</summary>
    public IReadOnlyList<float[]> EmbedIds(long[] ids, int count, int context)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor embeds = _model.EncodeText(tensor(ids, [count, context]).to(_device)).cpu();
        return [.. Enumerable.Range(0, count).Select(i => embeds[i].data<float>().ToArray())];
    }

    public void Dispose() => _model.Dispose();
}
