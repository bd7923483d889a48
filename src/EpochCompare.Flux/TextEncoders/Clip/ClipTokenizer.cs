using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace EpochCompare.Flux.TextEncoders.Clip;

/// <summary>
/// CLIP's byte-level BPE (OpenAI's <c>simple_tokenizer</c>, HF <c>CLIPTokenizer</c>) on
/// Microsoft.ML.Tokenizers, with the vocabulary and merges of openai/clip-vit-large-patch14 shipped
/// inside this assembly. Text is cleaned as HF does (<see cref="ClipTextCleaner"/>), split by CLIP's
/// pattern, each piece's UTF-8 bytes mapped to symbols, and merged with <c>&lt;/w&gt;</c> marking a word's end.
/// </summary>
public sealed partial class ClipTokenizer
{
    public const string StartOfText = "<|startoftext|>";
    public const string EndOfText = "<|endoftext|>";

    private static readonly Lazy<ClipTokenizer> Shipped = new(LoadShipped);

    private readonly BpeTokenizer _bpe;

    private ClipTokenizer(BpeTokenizer bpe)
    {
        _bpe = bpe;
        BosId = bpe.Vocabulary[StartOfText];
        EosId = bpe.Vocabulary[EndOfText];
    }

    /// <summary>The CLIP-L tokenizer FLUX uses (49408 ids; BOS 49406, EOS = pad 49407).</summary>
    public static ClipTokenizer ClipL => Shipped.Value;

    public int BosId { get; }

    public int EosId { get; }

    public int VocabularySize => _bpe.Vocabulary.Count;

    /// <summary>Reads an HF-style <c>vocab.json</c> and <c>merges.txt</c> pair.</summary>
    public static ClipTokenizer Create(Stream vocab, Stream merges)
    {
        var specialTokens = new Dictionary<string, int>(StringComparer.Ordinal);
        BpeTokenizer probe = BpeTokenizer.Create(new BpeOptions(ReadVocabulary(vocab, out var entries)));
        foreach (string special in new[] { StartOfText, EndOfText })
        {
            specialTokens[special] = probe.Vocabulary[special];
        }
        var options = new BpeOptions(entries)
        {
            Merges = ReadMerges(merges),
            SpecialTokens = specialTokens,
            PreTokenizer = new RegexPreTokenizer(Pattern(), specialTokens),
            EndOfWordSuffix = "</w>",
            ByteLevel = true,
        };
        return new ClipTokenizer(BpeTokenizer.Create(options));
    }

    /// <summary>The BPE ids of <paramref name="prompt"/>, without BOS/EOS and not truncated.</summary>
    public IReadOnlyList<int> EncodeToIds(string prompt)
    {
        string cleaned = ClipTextCleaner.Clean(prompt);
        return cleaned.Length == 0 ? [] : _bpe.EncodeToIds(cleaned);
    }

    /// <summary>The BPE tokens (vocabulary strings) of <paramref name="prompt"/>.</summary>
    public IReadOnlyList<string> EncodeToTokens(string prompt)
    {
        string cleaned = ClipTextCleaner.Clean(prompt);
        return cleaned.Length == 0 ? [] : _bpe.EncodeToTokens(cleaned, out _).Select(t => t.Value).ToList();
    }

    /// <summary>BOS + the first <c>length - 2</c> ids + EOS, padded to <paramref name="length"/> with EOS (HF and BFL truncate).</summary>
    public ClipTokens Encode(string prompt, int length = 77)
    {
        if (length < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "CLIP needs room for BOS and EOS.");
        }
        IReadOnlyList<int> ids = EncodeToIds(prompt);
        int kept = Math.Min(ids.Count, length - 2);
        var input = new int[length];
        input[0] = BosId;
        for (int i = 0; i < kept; i++)
        {
            input[i + 1] = ids[i];
        }
        Array.Fill(input, EosId, kept + 1, length - kept - 1);
        return new ClipTokens(input, kept + 1, ids.Count > kept);
    }

    private static ClipTokenizer LoadShipped()
    {
        Assembly assembly = typeof(ClipTokenizer).Assembly;
        using Stream vocab = assembly.GetManifestResourceStream("EpochCompare.Flux.clip_l.vocab.json")
            ?? throw new InvalidOperationException("the CLIP-L vocabulary is missing from the assembly");
        using Stream merges = assembly.GetManifestResourceStream("EpochCompare.Flux.clip_l.merges.txt")
            ?? throw new InvalidOperationException("the CLIP-L merges are missing from the assembly");
        return Create(vocab, merges);
    }

    private static Dictionary<string, int> ReadVocabulary(Stream vocab, out Dictionary<string, int> entries)
    {
        entries = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(vocab)
            ?? throw new InvalidDataException("vocab.json: not a JSON object of token ids.");
        return entries;
    }

    /// <summary>Merges as "left right" lines; the "#version" header line is not a merge.</summary>
    private static List<string> ReadMerges(Stream merges)
    {
        using var reader = new StreamReader(merges);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal))
            {
                lines.Add(line);
            }
        }
        return lines;
    }

    /// <summary>CLIP's split pattern (simple_tokenizer.py), case-insensitive as there.</summary>
    [GeneratedRegex(@"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
