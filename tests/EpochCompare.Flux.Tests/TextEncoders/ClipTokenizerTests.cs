using System.Text.Json;
using EpochCompare.Flux.TextEncoders.Clip;

namespace EpochCompare.Flux.Tests.TextEncoders;

/// <summary>The shipped CLIP-L tokenizer gives exactly the reference ids (OpenAI BPE + ftfy, as HF CLIPTokenizer) for every fixture prompt.</summary>
public class ClipTokenizerTests
{
    private const string Fixture = "clip_l-tokens.json";

    public static TheoryData<int> Cases() => TokenizerCases.Indices(Fixture);

    [Theory]
    [MemberData(nameof(Cases))]
    public void IdsAndTokensEqualTheReference(int index)
    {
        JsonElement expected = TokenizerCases.Load(Fixture)[index];
        string prompt = expected.GetProperty("prompt").GetString()!;
        ClipTokenizer tokenizer = ClipTokenizer.ClipL;

        Assert.Equal(TokenizerCases.Strings(expected, "tokens"), tokenizer.EncodeToTokens(prompt));
        int[] ids = [tokenizer.BosId, .. tokenizer.EncodeToIds(prompt), tokenizer.EosId];
        Assert.Equal(TokenizerCases.Ints(expected, "ids"), ids);

        ClipTokens tokens = tokenizer.Encode(prompt);
        Assert.Equal(TokenizerCases.Ints(expected, "input_ids"), tokens.InputIds);
        Assert.Equal(expected.GetProperty("eos_position").GetInt32(), tokens.EosPosition);
        Assert.Equal(expected.GetProperty("truncated").GetBoolean(), tokens.Truncated);
    }

    [Fact]
    public void SpecialIdsAreClipL()
    {
        Assert.Equal(49406, ClipTokenizer.ClipL.BosId);
        Assert.Equal(49407, ClipTokenizer.ClipL.EosId);
        Assert.Equal(49408, ClipTokenizer.ClipL.VocabularySize);
    }
}
