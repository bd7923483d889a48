using System.Text.Json;

namespace EpochCompare.Flux.Tests.TextEncoders;

/// <summary>The reference token ids of Fixtures/tokenizers/*.json, one case per prompt.</summary>
internal static class TokenizerCases
{
    public static IReadOnlyList<JsonElement> Load(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FixturePaths.File(Path.Combine("tokenizers", fileName))));
        return document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToList();
    }

    public static TheoryData<int> Indices(string fileName)
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Load(fileName).Count; i++)
        {
            data.Add(i);
        }
        return data;
    }

    public static int[] Ints(JsonElement element, string name) =>
        element.GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static string[] Strings(JsonElement element, string name) =>
        element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();
}
