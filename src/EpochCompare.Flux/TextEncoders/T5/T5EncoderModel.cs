using System.Text.RegularExpressions;
using EpochCompare.Flux.Weights;
using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders.T5;

/// <summary>
/// The T5 v1.1 encoder under the names of <c>t5xxl_fp16.safetensors</c> (HF <c>T5EncoderModel</c>):
/// <c>shared</c> (token embedding), <c>encoder.block.{i}</c>, <c>encoder.final_layer_norm</c>.
/// The relative position bias of block 0 is computed once and used by every block.
/// </summary>
public sealed partial class T5EncoderModel : nn.Module<Tensor, T5EncoderOutput>
{
    public const string SharedKey = "shared.weight";

    /// <summary>HF's tied copy of <c>shared.weight</c>: present in some files, absent in most.</summary>
    public const string TiedEmbeddingKey = "encoder.embed_tokens.weight";

    [ComponentName(Name = "shared")]
    private readonly Embedding _shared;
    [ComponentName(Name = "encoder")]
    private readonly T5Stack _encoder;

    public T5EncoderModel(T5Config config, Device? device = null, ScalarType? dtype = null)
        : base(nameof(T5EncoderModel))
    {
        Config = config;
        _shared = nn.Embedding(config.VocabSize, config.DModel, device: device, dtype: dtype);
        var blocks = new ModuleList<T5Block>();
        for (int i = 0; i < config.Layers; i++)
        {
            blocks.Add(new T5Block(config, hasRelativeBias: i == 0, device, dtype));
        }
        _encoder = new T5Stack(blocks, new T5LayerNorm(config.DModel, config.LayerNormEpsilon, device, dtype));
        RegisterComponents();
    }

    public T5Config Config { get; }

    /// <summary>FLUX's path: no attention mask (pads attend and are attended to, as BFL, ComfyUI and kohya run it).</summary>
    public override T5EncoderOutput forward(Tensor ids) => Encode(ids, attentionMask: null, keepBlockOutputs: false);

    /// <summary>
    /// Encodes (batch, tokens) int64 ids. <paramref name="attentionMask"/> (batch, tokens; 1 = token, 0 = pad),
    /// when given, hides pads as keys (kohya's <c>--apply_t5_attn_mask</c>).
    /// </summary>
    public T5EncoderOutput Encode(Tensor ids, Tensor? attentionMask, bool keepBlockOutputs)
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = _shared.forward(ids);
        Tensor bias = _encoder.Blocks[0].Attention.PositionBias(ids.shape[1], ids.device).to_type(ScalarType.Float32);
        if (attentionMask is not null)
        {
            Tensor hidden = attentionMask.eq(0).unsqueeze(1).unsqueeze(1);
            bias = bias + torch.where(hidden, float.MinValue, 0f);
        }
        var outputs = new List<Tensor>();
        foreach (T5Block block in _encoder.Blocks)
        {
            x = block.forward(x, bias);
            if (keepBlockOutputs)
            {
                outputs.Add(x);
            }
        }
        Tensor last = _encoder.FinalNorm.forward(x);
        return new T5EncoderOutput(last.MoveToOuterDisposeScope(), outputs.Select(o => o.MoveToOuterDisposeScope()).ToList());
    }

    /// <summary>(1, heads, T, T) position bias (block 0's), for tests and inspection.</summary>
    public Tensor PositionBias(long length, Device? device = null) => _encoder.Blocks[0].Attention.PositionBias(length, device ?? torch.CPU);

    /// <summary>The config the weights imply; heads come from the relative bias, d_kv from q's width.</summary>
    public static T5Config InferConfig(TensorSource source, string fileName)
    {
        const string biasKey = "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight";
        if (!source.Contains(SharedKey) || !source.Contains(biasKey))
        {
            throw new InvalidDataException($"{fileName}: not a T5 encoder (no '{source.Prefix}{SharedKey}' and '{source.Prefix}{biasKey}').");
        }
        IReadOnlyList<long> shared = source.Entry(SharedKey).Shape;
        IReadOnlyList<long> bias = source.Entry(biasKey).Shape;
        long inner = source.Entry("encoder.block.0.layer.0.SelfAttention.q.weight").Shape[0];
        long ff = source.Entry("encoder.block.0.layer.1.DenseReluDense.wi_0.weight").Shape[0];
        int layers = source.Keys.Select(k => BlockIndex().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value) + 1).DefaultIfEmpty(0).Max();
        int heads = (int)bias[1];
        return new T5Config((int)shared[0], (int)shared[1], (int)(inner / heads), heads, (int)ff, layers, (int)bias[0],
            T5Config.T5Xxl.RelativeAttentionMaxDistance, T5Config.T5Xxl.LayerNormEpsilon);
    }

    /// <summary>Builds the encoder for <paramref name="config"/> and loads <paramref name="source"/> in <paramref name="dtype"/> (float32 when null); throws one line naming the file if the weights do not fit.</summary>
    public static T5EncoderModel Load(TensorSource source, string fileName, T5Config config, Device? device = null, ScalarType? dtype = null) =>
        Load(source, fileName, config, device, new LoadPrecision(dtype ?? ScalarType.Float32));

    /// <summary>
    /// Builds the encoder on the meta device and materialises it from <paramref name="source"/> straight onto
    /// <paramref name="device"/>: peak memory is the weights once in the load dtype (fp8 Linears kept as bytes when
    /// <paramref name="precision"/> says so), never a float32 copy of T5-XXL's 4.7 B weights first.
    /// </summary>
    public static T5EncoderModel Load(TensorSource source, string fileName, T5Config config, Device? device, LoadPrecision precision)
    {
        if (!source.Contains(SharedKey))
        {
            throw new InvalidDataException($"{fileName}: not a T5 encoder (no '{source.Prefix}{SharedKey}').");
        }
        var model = new T5EncoderModel(config, META, precision.ComputeDType);
        try
        {
            ModuleMaterializer.LoadStrict(model, source, fileName, device, precision, key => key == TiedEmbeddingKey);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return model;
    }

    [GeneratedRegex(@"^encoder\.block\.(\d+)\.")]
    private static partial Regex BlockIndex();

    /// <summary><c>encoder</c>: holds <c>block</c> and <c>final_layer_norm</c>.</summary>
    private sealed class T5Stack : nn.Module
    {
        [ComponentName(Name = "block")]
        private readonly ModuleList<T5Block> _blocks;
        [ComponentName(Name = "final_layer_norm")]
        private readonly T5LayerNorm _finalNorm;

        public T5Stack(ModuleList<T5Block> blocks, T5LayerNorm finalNorm)
            : base("T5Stack")
        {
            _blocks = blocks;
            _finalNorm = finalNorm;
            RegisterComponents();
        }

        public ModuleList<T5Block> Blocks => _blocks;

        public T5LayerNorm FinalNorm => _finalNorm;
    }
}
