using EpochCompare.Flux.TextEncoding;
using EpochCompare.Flux.Sampling;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.TextEncoding.OwnEngine;

/// <summary>
/// flux-tiny's own text encoder, trained together with the base model:
/// word ids -> token + position embeddings -> pre-norm transformer layers -> final LayerNorm = context;
/// the mean of the context over the prompt's real tokens (start to end marker), through a linear, = pooled.
/// Parameters are named under <see cref="KeyPrefix"/> so they sit in the base checkpoint next to the
/// transformer's keys without clashing.
/// </summary>
public sealed class TinyTextEncoder : ITextConditioner
{
    public const string KeyPrefix = "text_encoder.";

    private readonly TextEncoderLayer[] _layers;

    public TinyTextEncoder(TinyTextEncoderConfig config, WordTokenizer tokenizer)
    {
        config.Validate();
        Config = config;
        Tokenizer = tokenizer;
        TokenEmbedding = Parameter.Zeros(KeyPrefix + "token_embedding.weight", tokenizer.VocabularySize, config.Width);
        PositionEmbedding = Parameter.Zeros(KeyPrefix + "position_embedding.weight", tokenizer.MaxLength, config.Width);
        _layers = Enumerable.Range(0, config.Layers)
            .Select(i => new TextEncoderLayer($"{KeyPrefix}layers.{i}.", config))
            .ToArray();
        PooledWeight = Parameter.Zeros(KeyPrefix + "pooled_proj.weight", config.PooledDim, config.Width);
        PooledBias = Parameter.Zeros(KeyPrefix + "pooled_proj.bias", config.PooledDim);
    }

    /// <summary>The flux-tiny encoder (zero weights until initialised or loaded).</summary>
    public static TinyTextEncoder CreateFluxTiny() => new(TinyTextEncoderConfig.FluxTiny, WordTokenizer.FluxTiny);

    public TinyTextEncoderConfig Config { get; }

    public WordTokenizer Tokenizer { get; }

    public Parameter TokenEmbedding { get; }

    public Parameter PositionEmbedding { get; }

    public Parameter PooledWeight { get; }

    public Parameter PooledBias { get; }

    public int ContextDim => Config.Width;

    public int PooledDim => Config.PooledDim;

    /// <summary>Every parameter, in a fixed order (embeddings, layers, pooled projection).</summary>
    public IReadOnlyList<Parameter> Parameters =>
        [TokenEmbedding, PositionEmbedding, .. _layers.SelectMany(l => l.Parameters), PooledWeight, PooledBias];

    /// <summary>
    /// Deterministic random start for training: embeddings N(0, 0.02^2), linear weights N(0, 1/fan_in),
    /// biases zero; the normals come from <see cref="TorchRandn"/> so a seed gives the same weights everywhere.
    /// </summary>
    public void InitializeRandom(ulong seed)
    {
        var generator = new Mt19937(seed);
        foreach (Parameter parameter in Parameters)
        {
            Span<float> values = parameter.Span;
            if (parameter.Rank == 1)
            {
                values.Clear();
                continue;
            }
            TorchRandn.Fill(generator, values, NoiseDType.Float32);
            bool embedding = parameter.Name.EndsWith("embedding.weight", StringComparison.Ordinal);
            float std = embedding ? 0.02f : 1f / MathF.Sqrt(parameter.Size(1));
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

        Tensor tokens = Ops.Reshape(Ops.Embedding(TokenEmbedding, ids), prompts.Count, length, Config.Width);
        Tensor positions = Ops.Embedding(PositionEmbedding, Enumerable.Range(0, length).ToArray());
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
        Tensor pooled = Ops.Linear(Ops.Concat(means, 0), PooledWeight, PooledBias);
        return new TextConditioning(context, pooled);
    }
}
