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
    private readonly Device _device;
    private readonly int _batch;

    private Dinov2Embedder(Dinov2Model model, Device device, string fingerprint, int batch)
    {
        _model = model;
        _device = device;
        _batch = batch;
        Fingerprint = fingerprint;
    }

    public static VitPreprocessing Preprocessing { get; } = VitPreprocessing.Dinov2();

    public string Fingerprint { get; }

    public Dinov2Config Config => _model.Config;

    /// <summary>Loads a DINOv2 checkpoint (or throws <see cref="SemanticWeightsException"/>: wrong model, truncated, mis-shaped).</summary>
    public static Dinov2Embedder Load(string path, Device device, int batch = 8)
    {
        (SafeTensorsFile file, SemanticCheckpoint checkpoint) = SemanticCheckpoint.Open(path, SemanticModelKind.Dinov2);
        using (file)
        {
            var model = new Dinov2Model(Dinov2Model.InferConfig(file, checkpoint), device);
            ModuleWeights.Load(model, file, checkpoint.Prefix, "DINOv2");
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

    public IReadOnlyList<float[]> Embed(IReadOnlyList<RgbPixels> images)
    {
        var result = new List<float[]>(images.Count);
        for (int start = 0; start < images.Count; start += _batch)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var chunk = images.Skip(start).Take(_batch).ToList();
            Tensor cls = _model.forward(Preprocessing.Batch(chunk, _device)).cpu();
            for (int i = 0; i < chunk.Count; i++)
            {
                result.Add(cls[i].data<float>().ToArray());
            }
        }
        return result;
    }

    public void Dispose() => _model.Dispose();
}
