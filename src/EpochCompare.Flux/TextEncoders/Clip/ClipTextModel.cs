using System.Text.RegularExpressions;
using EpochCompare.Flux.Weights;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders.Clip;

/// <summary>
/// The CLIP text model under the names of <c>clip_l.safetensors</c> (HF <c>CLIPTextModel</c>:
/// <c>text_model.*</c>). FLUX reads <see cref="ClipTextOutput.Pooled"/> as its <c>vec</c> input.
/// </summary>
public sealed partial class ClipTextModel : nn.Module<Tensor, ClipTextOutput>
{
    public const string TokenEmbeddingKey = "text_model.embeddings.token_embedding.weight";

    [ComponentName(Name = "text_model")]
    private readonly ClipTextTransformer _textModel;

    public ClipTextModel(ClipTextConfig config, Device? device = null, ScalarType? dtype = null)
        : base(nameof(ClipTextModel))
    {
        Config = config;
        _textModel = new ClipTextTransformer(config, device, dtype);
        RegisterComponents();
    }

    public ClipTextConfig Config { get; }

    public override ClipTextOutput forward(Tensor ids) => _textModel.Encode(ids, keepHiddenStates: false);

    public ClipTextOutput Encode(Tensor ids, bool keepHiddenStates) => _textModel.Encode(ids, keepHiddenStates);

    /// <summary>Where <see cref="ClipTextOutput.Pooled"/> is read for each row of <paramref name="ids"/>.</summary>
    public Tensor EosPositions(Tensor ids) => _textModel.EosPositions(ids);

    /// <summary>
    /// Keys CLIP files carry that the text model does not use: the position-id buffer of older HF saves,
    /// the projection (FLUX does not use it), and the vision tower of full CLIP checkpoints.
    /// </summary>
    public static bool IsKnownExtra(string key) =>
        key == "text_model.embeddings.position_ids"
        || key == "text_projection.weight"
        || key == "logit_scale"
        || key.StartsWith("vision_model.", StringComparison.Ordinal)
        || key == "visual_projection.weight";

    /// <summary>The config the weights imply; <paramref name="heads"/> (not in the shapes) defaults to one head per 64 channels.</summary>
    public static ClipTextConfig InferConfig(TensorSource source, string fileName, int? heads = null)
    {
        if (!source.Contains(TokenEmbeddingKey))
        {
            throw new InvalidDataException($"{fileName}: not a CLIP text encoder (no '{source.Prefix}{TokenEmbeddingKey}').");
        }
        IReadOnlyList<long> token = source.Entry(TokenEmbeddingKey).Shape;
        IReadOnlyList<long> position = source.Entry("text_model.embeddings.position_embedding.weight").Shape;
        int layers = source.Keys
            .Select(k => LayerIndex().Match(k))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value) + 1)
            .DefaultIfEmpty(0)
            .Max();
        int intermediate = (int)source.Entry("text_model.encoder.layers.0.mlp.fc1.weight").Shape[0];
        int width = (int)token[1];
        return new ClipTextConfig((int)token[0], width, layers, heads ?? width / 64, intermediate, (int)position[0],
            ClipTextConfig.ClipL.Activation, ClipTextConfig.ClipL.LayerNormEps, ClipTextConfig.ClipL.EosTokenId);
    }

    /// <summary>Builds the model for <paramref name="config"/> and loads <paramref name="source"/> in <paramref name="dtype"/> (float32 when null); throws one line naming the file if the weights do not fit.</summary>
    public static ClipTextModel Load(TensorSource source, string fileName, ClipTextConfig config, Device? device = null, ScalarType? dtype = null) =>
        Load(source, fileName, config, device, new LoadPrecision(dtype ?? ScalarType.Float32));

    /// <summary>Builds the model on the meta device and materialises it from <paramref name="source"/> onto <paramref name="device"/> (see <see cref="ModuleMaterializer"/>).</summary>
    public static ClipTextModel Load(TensorSource source, string fileName, ClipTextConfig config, Device? device, LoadPrecision precision)
    {
        if (!source.Contains(TokenEmbeddingKey))
        {
            throw new InvalidDataException($"{fileName}: not a CLIP text encoder (no '{source.Prefix}{TokenEmbeddingKey}').");
        }
        var model = new ClipTextModel(config, META, precision.ComputeDType);
        try
        {
            ModuleMaterializer.LoadStrict(model, source, fileName, device, precision, IsKnownExtra);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return model;
    }

    [GeneratedRegex(@"^text_model\.encoder\.layers\.(\d+)\.")]
    private static partial Regex LayerIndex();
}
