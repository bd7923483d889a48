namespace EpochCompare.Imaging.Samples;

/// <summary>
/// One entry of a sample-prompt file as written: its index (kohya's <c>_NN_</c>), where it stands for error
/// messages (<c>file:line</c> in a text file, <c>file: entry N</c> in TOML/JSON), the prompt line with its
/// options, and the file's default seed (TOML's <c>[prompt] seed</c>).
/// </summary>
public sealed record PromptEntry(int Index, string Location, string Text, long? DefaultSeed)
{
    public PromptLine ToLine() => PromptLine.FromText(Index, Text, DefaultSeed);

    /// <summary>The value of the line option <c>--name</c>, or null when the line has none.</summary>
    public string? Option(string name) => PromptLine.Option(Text, name);
}
