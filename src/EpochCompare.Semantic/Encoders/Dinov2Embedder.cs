using EpochCompare.Flux.SafeTensors;
using EpochCompare.Semantic.Dinov2;
using EpochCompare.Semantic.Loading;
using EpochCompare.Semantic.Preprocessing;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Encoders;

/// <summary>DINOv2 class-token embeddings with Meta's evaluation transform, batched on a device.</summary>
public sealed class Dinov2Embedder : IImageEmbedder, IDisposable
{
    private readonly Dinov2Model _model;
    private readonly BatchedImageForward _images;

    private Dinov2Embedder(Dinov2Model model, Device device, string fingerprint, int batch)
    {
        _model = model;
        Fingerprint = fingerprint;
        _images = new BatchedImageForward(Preprocessing, model.forward, device, batch);
    }

    public static VitPreprocessing Preprocessing { get; } = VitPreprocessing.Dinov2();

    public string Fingerprint { get; }

    public Dinov2Config Config => _model.Config;

    /// <summary>Parameters held (both towers for CLIP): the fp32 weight bytes are 4x this.</summary>
    public long ParameterCount => _model.parameters().Sum(p => p.numel());

    /// <summary>Loads a DINOv2 checkpoint (or throws <see cref="SemanticWeightsException"/>: wrong model, truncated, mis-shaped).</summary>
    public static Dinov2Embedder Load(string path, Device device, int batch = 8)
    {
        (SafeTensorsFile file, SemanticCheckpoint checkpoint) = SemanticCheckpoint.Open(path, SemanticModelKind.Dinov2);
        using (file)
        {
            var model = new Dinov2Model(Dinov2Model.InferConfig(file, checkpoint), device);
            SemanticWeights.Load(model, file, checkpoint.Prefix, "DINOv2");
            model.eval();
            string fingerprint = "dinov2-" + WeightsFingerprint.Of(file, Preprocessing.Version, $"offset{PositionInterpolation.OriginalOffset}");
            return new Dinov2Embedder(model, device, fingerprint, batch);
        }
    }

    /// <summary>A model built from a config with random weights (benchmarks).</summary>
    public static Dinov2Embedder Random(Dinov2Config config, Device device, int batch = 8)
    {
        var model = new Dinov2Model(config, device);
        model.eval();
        return new Dinov2Embedder(model, device, "dinov2-random", batch);
    }

    public IReadOnlyList<float[]> Embed(IReadOnlyList<RgbPixels> images) => _images.Embed(images);

    public void Dispose() => _model.Dispose();
}
