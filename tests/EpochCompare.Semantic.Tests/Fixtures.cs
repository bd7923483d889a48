using EpochCompare.Flux.SafeTensors;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Tests;

/// <summary>The golden fixtures next to the test assembly, and tensor comparison helpers.</summary>
internal static class Fixtures
{
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>Every safetensors file in a fixture folder, as theory data.</summary>
    public static TheoryData<string> Files(string folder)
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.EnumerateFiles(Folder(folder), "*.safetensors").Order(StringComparer.Ordinal))
        {
            data.Add(Path.Combine(folder, Path.GetFileName(path)));
        }
        return data;
    }

    public static SafeTensorsFile Open(string relative) => SafeTensorsFile.Open(Path.Combine(AppContext.BaseDirectory, "Fixtures", relative));

    public static bool IsPreprocessing(SafeTensorsFile file) => file.Names.Any(n => n.StartsWith("raw.", StringComparison.Ordinal));

    public static Tensor Read(SafeTensorsFile file, string name)
    {
        SafeTensorEntry entry = file.GetEntry(name);
        return tensor(file.ReadSingles(name), entry.Shape.ToArray());
    }

    /// <summary>Max abs error over max abs value of the reference (the READMEs' tolerance measure).</summary>
    public static double RelativeError(Tensor actual, Tensor expected)
    {
        Assert.Equal(expected.shape, actual.shape);
        double scale = expected.abs().max().item<float>();
        return (actual - expected).abs().max().item<float>() / Math.Max(scale, 1e-30);
    }

    public static void AssertClose(Tensor actual, Tensor expected, double tolerance, string what)
    {
        double error = RelativeError(actual, expected);
        Assert.True(error <= tolerance, $"{what}: relative error {error:E2} > {tolerance:E0}");
    }
}
