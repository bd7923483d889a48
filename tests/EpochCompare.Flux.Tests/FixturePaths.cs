namespace EpochCompare.Flux.Tests;

/// <summary>Where the golden fixtures land next to the test assembly.</summary>
internal static class FixturePaths
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string File(string name) => Path.Combine(Directory, name);

    /// <summary>Every model golden file: <c>*.safetensors</c> whose metadata carries a FluxParams config.</summary>
    public static IEnumerable<string> ModelFixtures() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.safetensors")
            .Where(path =>
            {
                using var file = EpochCompare.Flux.SafeTensors.SafeTensorsFile.Open(path);
                return file.Metadata.ContainsKey("config") && file.Contains("output.pred");
            })
            .OrderBy(path => path, StringComparer.Ordinal);
}
