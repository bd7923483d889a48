using EpochCompare.Flux.TextEncoding;

namespace EpochCompare.Flux.Tests.TextEncoding;

public class WordTokenizerTests
{
    [Fact]
    public void SplitsLowercaseWordsAndPunctuation()
    {
        Assert.Equal(["ohwx", "car", ",", "stylized", "3d", "render", "."], WordTokenizer.Split("  OHWX Car, stylized 3D\trender."));
    }

    [Fact]
    public void KnownWordsUseVocabularyRowsAndUnknownWordsAStableBucket()
    {
        WordTokenizer tokenizer = WordTokenizer.FluxTiny;
        int vocabularyEnd = 3 + tokenizer.Vocabulary.Count;

        int car = tokenizer.Id("car");
        Assert.Equal(3 + tokenizer.Vocabulary.ToList().IndexOf("car"), car);

        // Unknown word: bucket = FNV-1a 32-bit hash of its UTF-8 bytes, mod the 64 buckets.
        uint hash = 2166136261u;
        foreach (byte b in "zorblax"u8)
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }
        Assert.Equal(vocabularyEnd + (int)(hash % 64), tokenizer.Id("zorblax"));
        Assert.InRange(tokenizer.Id("qwertyuiop"), vocabularyEnd, tokenizer.VocabularySize - 1);
    }

    [Fact]
    public void TriggerWordHasItsOwnRowDistinctFromTheObjects()
    {
        WordTokenizer tokenizer = WordTokenizer.FluxTiny;
        int[] ids = tokenizer.Encode("ohwx car");
        Assert.Equal([WordTokenizer.StartId, tokenizer.Id("ohwx"), tokenizer.Id("car"), WordTokenizer.EndId], ids[..4]);
        Assert.NotEqual(ids[1], ids[2]);
        Assert.All(ids[4..], id => Assert.Equal(WordTokenizer.PadId, id));
        Assert.Equal(4, WordTokenizer.Length(ids));
    }

    [Fact]
    public void StoryPromptsFitTheWindowWithoutTruncation()
    {
        WordTokenizer tokenizer = WordTokenizer.FluxTiny;
        const string prompt = "ohwx revolver, stylized 3D render with a playful, cartoon aesthetic, featuring smooth, glossy surfaces and soft, rounded shapes.";
        int[] ids = tokenizer.Encode(prompt);
        int pieces = WordTokenizer.Split(prompt).Count;
        Assert.Equal(pieces + 2, WordTokenizer.Length(ids));
        // Every word of the story caption is in the vocabulary (no bucket collisions between them).
        int vocabularyEnd = 3 + tokenizer.Vocabulary.Count;
        Assert.All(ids[1..(pieces + 1)], id => Assert.True(id < vocabularyEnd));
    }

    [Fact]
    public void LongTextIsCutButKeepsTheEndMarker()
    {
        var tokenizer = new WordTokenizer(["a"], hashBuckets: 4, maxLength: 5);
        int[] ids = tokenizer.Encode("a a a a a a a");
        Assert.Equal([WordTokenizer.StartId, 3, 3, 3, WordTokenizer.EndId], ids);
    }

    [Fact]
    public void EmptyPromptIsStartAndEnd()
    {
        int[] ids = WordTokenizer.FluxTiny.Encode("");
        Assert.Equal(2, WordTokenizer.Length(ids));
        Assert.Equal([WordTokenizer.StartId, WordTokenizer.EndId], ids[..2]);
    }

    [Fact]
    public void DuplicateVocabularyWordIsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new WordTokenizer(["car", "car"], 4, 8));
        Assert.Contains("'car' twice", ex.Message);
    }
}
