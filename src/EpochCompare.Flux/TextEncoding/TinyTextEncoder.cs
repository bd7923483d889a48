using EpochCompare.Flux.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoding;

/// <summary>
/// flux-tiny's own text encoder, trained together with the base model:
/// word ids -> token + position embeddings -> pre-norm transformer layers -> final LayerNorm = context;
/// the mean of the context over the prompt's real tokens (start to end marker), through a linear, = pooled.
/// In the base checkpoint its keys sit under <see cref="KeyPrefix"/> beside the transformer's.
/// </summary>
public sealed class TinyTextEncoder : nn.Module<Tensor, Tensor, TextConditioning>, ITextConditioner
{
    public const string KeyPrefix = "text_encoder.";

    private readonly Embedding token_embedding;
    private readonly Embedding position_embedding;
    private readonly ModuleList<TinyTextEncoderLayer> layers;
    private readonly Linear pooled_proj;

    public TinyTextEncoder(TinyTextEncoderConfig config, WordTokenizer tokenizer, Device? device = null, ScalarType? dtype = null)
        : base(nameof(TinyTextEncoder))
    {
        config.Validate();
        Config = config;
        Tokenizer = tokenizer;
        token_embedding = nn.Embedding(tokenizer.VocabularySize, config.Width, device: device, dtype: dtype);
        position_embedding = nn.Embedding(tokenizer.MaxLength, config.Width, device: device, dtype: dtype);
        layers = new ModuleList<TinyTextEncoderLayer>(Enumerable.Range(0, config.Layers).Select(_ => new TinyTextEncoderLayer(config, device, dtype)).ToArray());
        pooled_proj = nn.Linear(config.Width, config.PooledDim, hasBias: true, device: device, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>The flux-tiny encoder (placeholder weights until loaded).</summary>
    public static TinyTextEncoder CreateFluxTiny(Device? device = null, ScalarType? dtype = null) =>
        new(TinyTextEncoderConfig.FluxTiny, WordTokenizer.FluxTiny, device, dtype);

    public TinyTextEncoderConfig Config { get; }

    public WordTokenizer Tokenizer { get; }

    public int ContextDim => Config.Width;

    public int PooledDim => Config.PooledDim;

    public TextConditioning Encode(IReadOnlyList<string> prompts)
    {
        if (prompts.Count == 0)
        {
            throw new ArgumentException("text encoder: no prompts to encode");
        }
        int length = Tokenizer.MaxLength;
        var ids = new long[prompts.Count * length];
        var realTokens = new long[prompts.Count];
        for (int b = 0; b < prompts.Count; b++)
        {
            int[] row = Tokenizer.Encode(prompts[b]);
            for (int i = 0; i < length; i++)
            {
                ids[b * length + i] = row[i];
            }
            realTokens[b] = WordTokenizer.Length(row);
        }
        Device device = token_embedding.weight!.device;
        using Tensor idTensor = torch.tensor(ids, [prompts.Count, length], device: device);
        using Tensor lengthTensor = torch.tensor(realTokens, device: device);
        return call(idTensor, lengthTensor);
    }

    /// <summary>ids [B, L] (int64), real token counts [B] (start to end marker) -> context [B, L, width], pooled [B, pooled].</summary>
    public override TextConditioning forward(Tensor ids, Tensor realTokens)
    {
        using var scope = NewDisposeScope();
        long length = ids.shape[1];
        Tensor positions = torch.arange(length, device: ids.device);
        Tensor x = token_embedding.call(ids).Plus(position_embedding.call(positions).unsqueeze(0));
        foreach (TinyTextEncoderLayer layer in layers)
        {
            x = layer.call(x);
        }
        Tensor context = Transformer.LayerNorms.Plain(x);
        // Mean over each prompt's real tokens: a 0/1 mask over positions, divided by the count.
        Tensor mask = (positions.unsqueeze(0) < realTokens.unsqueeze(1)).to_type(context.dtype).unsqueeze(-1);
        Tensor mean = (context * mask).sum(1) / realTokens.to_type(context.dtype).unsqueeze(1);
        Tensor pooled = pooled_proj.call(mean);
        return new TextConditioning(context.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope());
    }
}
