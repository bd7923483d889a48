namespace EpochCompare.Imaging.Tests.Formats.Png;

/// <summary>Committed PNG fixtures (copied to the test output folder) and their reference RGBA dumps.</summary>
internal static class PngFixtures
{
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Png", name);

    public static TheoryData<string> Names(string folder)
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Folder(folder), "*.png").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }
        return data;
    }
}
