using System.Text;

namespace EpochCompare.Flux.TextEncoding;

/// <summary>
/// flux-tiny's tokenizer: lowercase, words are runs of letters and digits, every other non-space
/// character is a token of its own. Known words map to a fixed vocabulary; unknown words go to one of
/// <see cref="HashBuckets"/> ids chosen by a stable hash (FNV-1a of the UTF-8 bytes), so a trigger
/// word such as <c>ohwx</c> always lands on the same embedding row, on every machine and run.
/// Sequences are [start, tokens..., end, pad...] of exactly <see cref="MaxLength"/> ids.
/// </summary>
public sealed class WordTokenizer
{
    public const int PadId = 0;
    public const int StartId = 1;
    public const int EndId = 2;
    private const int FirstWordId = 3;

    private readonly Dictionary<string, int> _ids;

    public WordTokenizer(IReadOnlyList<string> vocabulary, int hashBuckets, int maxLength)
    {
        if (hashBuckets < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(hashBuckets), hashBuckets, "tokenizer: at least one hash bucket is needed for unknown words");
        }
        if (maxLength < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "tokenizer: max length must leave room for start, one word and end");
        }
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string word in vocabulary)
        {
            if (!_ids.TryAdd(word, FirstWordId + _ids.Count))
            {
                throw new ArgumentException($"tokenizer: the vocabulary lists '{word}' twice");
            }
        }
        Vocabulary = vocabulary;
        HashBuckets = hashBuckets;
        MaxLength = maxLength;
    }

    /// <summary>flux-tiny's tokenizer: <see cref="TinyVocabulary.Words"/>, 64 hash buckets, 32 positions.</summary>
    public static WordTokenizer FluxTiny { get; } = new(TinyVocabulary.Words, hashBuckets: 64, maxLength: 32);

    public IReadOnlyList<string> Vocabulary { get; }

    public int HashBuckets { get; }

    public int MaxLength { get; }

    /// <summary>Rows of the token embedding: specials, vocabulary, then the hash buckets.</summary>
    public int VocabularySize => FirstWordId + Vocabulary.Count + HashBuckets;

    /// <summary>The text as lowercase words and single punctuation characters.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        var pieces = new List<string>();
        var word = new StringBuilder();
        foreach (char raw in text)
        {
            char c = char.ToLowerInvariant(raw);
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
                continue;
            }
            if (word.Length > 0)
            {
                pieces.Add(word.ToString());
                word.Clear();
            }
            if (!char.IsWhiteSpace(c) && !char.IsControl(c))
            {
                pieces.Add(c.ToString());
            }
        }
        if (word.Length > 0)
        {
            pieces.Add(word.ToString());
        }
        return pieces;
    }

    /// <summary>The id of one piece: its vocabulary row, or its hash bucket.</summary>
    public int Id(string piece) =>
        _ids.TryGetValue(piece, out int id) ? id : FirstWordId + Vocabulary.Count + (int)(Fnv1a(piece) % (uint)HashBuckets);

    /// <summary>Padded ids; text longer than the window is cut, keeping the end marker.</summary>
    public int[] Encode(string text)
    {
        var ids = new int[MaxLength];
        ids[0] = StartId;
        int position = 1;
        foreach (string piece in Split(text))
        {
            if (position == MaxLength - 1)
            {
                break;
            }
            ids[position++] = Id(piece);
        }
        ids[position] = EndId;
        return ids;
    }

    /// <summary>Number of ids before the padding (start and end included).</summary>
    public static int Length(ReadOnlySpan<int> ids)
    {
        int length = ids.IndexOf(PadId);
        return length < 0 ? ids.Length : length;
    }

    private static uint Fnv1a(string piece)
    {
        uint hash = 2166136261u;
        foreach (byte b in Encoding.UTF8.GetBytes(piece))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }
        return hash;
    }
}
