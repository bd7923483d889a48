using EpochCompare.Flux.Modules;
using EpochCompare.Flux.Sampling;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.TextEncoding;

/// <summary>
/// flux-tiny's own text encoder, trained together with the base model:
/// word ids -> token + position embeddings -> pre-norm transformer layers -> final LayerNorm = context;
/// the mean of the context over the prompt's real tokens (start to end marker), through a linear, = pooled.
/// Keys are relative (<c>token_embedding.weight</c>, <c>layers.0.attn.qkv.weight</c>, ...); in an all-in-one
/// checkpoint they sit under <see cref="CheckpointPrefix"/>, next to the transformer's keys, ComfyUI style.
/// </summary>
public sealed class TinyTextEncoder : Module, ITextConditioner
{
    /// <summary>Where the encoder's keys live in a flux-tiny checkpoint (load with FluxStateDict and this prefix).</summary>
    public const string CheckpointPrefix = "text_encoders.tiny.";

    private readonly TextEncoderLayer[] _layers;

    public TinyTextEncoder(TinyTextEncoderConfig config, WordTokenizer tokenizer)
        : base("")
    {
        config.Validate();
        Config = config;
        Tokenizer = tokenizer;
        TokenEmbedding = Parameter("token_embedding.weight", tokenizer.VocabularySize, config.Width);
        PositionEmbedding = Parameter("position_embedding.weight", tokenizer.MaxLength, config.Width);
        _layers = Enumerable.Range(0, config.Layers)
            .Select(i => Child(new TextEncoderLayer($"layers.{i}", config)))
            .ToArray();
        PooledProjection = Child(new Linear("pooled_proj", config.Width, config.PooledDim));
    }

    /// <summary>The flux-tiny encoder (no weights until initialised or loaded).</summary>
    public static TinyTextEncoder CreateFluxTiny() => new(TinyTextEncoderConfig.FluxTiny, WordTokenizer.FluxTiny);

    public TinyTextEncoderConfig Config { get; }

    public WordTokenizer Tokenizer { get; }

    public ParameterSlot TokenEmbedding { get; }

    public ParameterSlot PositionEmbedding { get; }

    public IReadOnlyList<TextEncoderLayer> Layers => _layers;

    public Linear PooledProjection { get; }

    public int ContextDim => Config.Width;

    public int PooledDim => Config.PooledDim;

    /// <summary>
    /// Deterministic random start for training: embeddings N(0, 0.02^2), linear weights N(0, 1/fan_in),
    /// biases zero; the normals come from <see cref="TorchRandn"/> so a seed gives the same weights everywhere.
    /// </summary>
    public void InitializeRandom(ulong seed)
    {
        var generator = new Mt19937(seed);
        foreach (ParameterSlot slot in Parameters())
        {
            Span<float> values = slot.Allocate().Span;
            if (slot.Shape.Count == 1)
            {
                values.Clear();
                continue;
            }
            TorchRandn.Fill(generator, values, NoiseDType.Float32);
            bool embedding = slot.Key.EndsWith("embedding.weight", StringComparison.Ordinal);
            float std = embedding ? 0.02f : 1f / MathF.Sqrt(slot.Shape[1]);
            for (int i = 0; i < values.Length; i++)
            {
                values[i] *= std;
            }
        }
    }

    public TextConditioning Encode(IReadOnlyList<string> prompts)
    {
        if (prompts.Count == 0)
        {
            throw new ArgumentException("text encoder: no prompts to encode");
        }
        int length = Tokenizer.MaxLength;
        var ids = new int[prompts.Count * length];
        var realTokens = new int[prompts.Count];
        for (int b = 0; b < prompts.Count; b++)
        {
            int[] row = Tokenizer.Encode(prompts[b]);
            row.CopyTo(ids, b * length);
            realTokens[b] = WordTokenizer.Length(row);
        }

        Tensor tokens = Ops.Reshape(Ops.Embedding(TokenEmbedding.Value, ids), prompts.Count, length, Config.Width);
        Tensor positions = Ops.Embedding(PositionEmbedding.Value, Enumerable.Range(0, length).ToArray());
        Tensor x = Ops.Add(tokens, positions);
        foreach (TextEncoderLayer layer in _layers)
        {
            x = layer.Forward(x);
        }
        Tensor context = Ops.LayerNorm(x);

        var means = new Tensor[prompts.Count];
        for (int b = 0; b < prompts.Count; b++)
        {
            Tensor real = Ops.Slice(Ops.Slice(context, 0, b, 1), 1, 0, realTokens[b]);
            means[b] = Ops.Mean(real, 1);
        }
        Tensor pooled = PooledProjection.Forward(Ops.Concat(means, 0));
        return new TextConditioning(context, pooled);
    }
}
