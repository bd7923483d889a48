using System.Reflection;
using Microsoft.ML.Tokenizers;

namespace EpochCompare.Flux.TextEncoders.T5;

/// <summary>
/// T5's SentencePiece unigram tokenizer (the <c>spiece.model</c> of google/t5-v1_1-xxl, shipped inside
/// this assembly) on Microsoft.ML.Tokenizers: nmt_nfkc normalization, dummy prefix, EOS appended,
/// pad to 256 (schnell) or 512 (dev) with truncation, as BFL's <c>HFEmbedder</c> and kohya tokenize.
/// </summary>
public sealed class T5Tokenizer
{
    public const int PadId = 0;
    public const int EosId = 1;
    public const int UnknownId = 2;

    /// <summary>FLUX.1-schnell's T5 length.</summary>
    public const int SchnellLength = 256;

    /// <summary>FLUX.1-dev's T5 length.</summary>
    public const int DevLength = 512;

    private static readonly Lazy<T5Tokenizer> Shipped = new(LoadShipped);

    private readonly SentencePieceTokenizer _pieces;

    private T5Tokenizer(SentencePieceTokenizer pieces)
    {
        _pieces = pieces;
    }

    /// <summary>The T5 v1.1 tokenizer FLUX uses (32000 pieces + 100 sentinel ids).</summary>
    public static T5Tokenizer T5V11 => Shipped.Value;

    public static T5Tokenizer Create(Stream spieceModel)
    {
        using var buffer = new MemoryStream();
        spieceModel.CopyTo(buffer);
        using var patched = new MemoryStream(SentencePieceModelPatch.WithBosId(buffer.ToArray(), PadId));
        return new(SentencePieceTokenizer.Create(patched, addBeginningOfSentence: false, addEndOfSentence: false));
    }

    /// <summary>Piece ids of <paramref name="prompt"/>, without EOS and not truncated.</summary>
    public IReadOnlyList<int> EncodeToIds(string prompt) => Encode(prompt).Select(p => p.Id).ToList();

    /// <summary>The pieces of <paramref name="prompt"/>.</summary>
    public IReadOnlyList<string> EncodeToPieces(string prompt) => Encode(prompt).Select(p => p.Piece).ToList();

    /// <summary>The first <c>length - 1</c> ids + EOS, padded with 0 to <paramref name="length"/>.</summary>
    public T5Tokens Encode(string prompt, int length)
    {
        if (length < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "T5 needs room for EOS.");
        }
        IReadOnlyList<int> ids = EncodeToIds(prompt);
        int kept = Math.Min(ids.Count, length - 1);
        var input = new int[length];
        var mask = new int[length];
        for (int i = 0; i < kept; i++)
        {
            input[i] = ids[i];
            mask[i] = 1;
        }
        input[kept] = EosId;
        mask[kept] = 1;
        return new T5Tokens(input, mask, ids.Count > kept);
    }

    /// <summary>
    /// The unigram segmentation, with each run of unknown pieces fused into one unknown piece as
    /// sentencepiece does (Microsoft.ML.Tokenizers emits one per character).
    /// </summary>
    private List<(int Id, string Piece)> Encode(string prompt)
    {
        var pieces = new List<(int Id, string Piece)>();
        foreach (EncodedToken token in _pieces.EncodeToTokens(prompt, out _))
        {
            if (token.Id == UnknownId && pieces.Count > 0 && pieces[^1].Id == UnknownId)
            {
                pieces[^1] = (UnknownId, pieces[^1].Piece + token.Value);
            }
            else
            {
                pieces.Add((token.Id, token.Value));
            }
        }
        return pieces;
    }

    private static T5Tokenizer LoadShipped()
    {
        using Stream model = typeof(T5Tokenizer).Assembly.GetManifestResourceStream("EpochCompare.Flux.t5.spiece.model")
            ?? throw new InvalidOperationException("the T5 SentencePiece model is missing from the assembly");
        return Create(model);
    }
}
