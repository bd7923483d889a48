using System.Text.Json;
using EpochCompare.Flux.TextEncoders.T5;

namespace EpochCompare.Flux.Tests.TextEncoders;

/// <summary>The shipped T5 tokenizer gives exactly sentencepiece's ids (HF T5Tokenizer, as BFL) for every fixture prompt, at 256 and 512.</summary>
public class T5TokenizerTests
{
    private const string Fixture = "t5xxl-tokens.json";

    public static TheoryData<int> Cases() => TokenizerCases.Indices(Fixture);

    [Theory]
    [MemberData(nameof(Cases))]
    public void IdsEqualTheReferenceAtBothLengths(int index)
    {
        JsonElement expected = TokenizerCases.Load(Fixture)[index];
        string prompt = expected.GetProperty("prompt").GetString()!;
        T5Tokenizer tokenizer = T5Tokenizer.T5V11;

        Assert.Equal(TokenizerCases.Strings(expected, "pieces"), tokenizer.EncodeToPieces(prompt));
        int[] ids = [.. tokenizer.EncodeToIds(prompt), T5Tokenizer.EosId];
        Assert.Equal(TokenizerCases.Ints(expected, "ids"), ids);
        foreach (int length in new[] { T5Tokenizer.SchnellLength, T5Tokenizer.DevLength })
        {
            T5Tokens tokens = tokenizer.Encode(prompt, length);
            Assert.Equal(TokenizerCases.Ints(expected, $"input_ids_{length}"), tokens.InputIds);
            Assert.Equal(expected.GetProperty($"truncated_{length}").GetBoolean(), tokens.Truncated);
            Assert.Equal(tokens.InputIds.Select(id => id != T5Tokenizer.PadId ? 1 : 0), tokens.AttentionMask);
        }
    }
}
