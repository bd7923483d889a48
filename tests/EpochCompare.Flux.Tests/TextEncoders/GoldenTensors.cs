using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.TextEncoders;

/// <summary>Reads golden fixture tensors as LibTorch tensors and compares by the fixtures' measure.</summary>
internal static class GoldenTensors
{
    public static IEnumerable<string> Goldens(string folder) =>
        Directory.EnumerateFiles(FixturePaths.File(folder), "*.safetensors")
            .Where(path =>
            {
                using var file = SafeTensorsFile.Open(path);
                return file.Metadata.ContainsKey("weights");
            })
            .OrderBy(path => path, StringComparer.Ordinal);

    public static TheoryData<string> GoldenNames(string folder)
    {
        var data = new TheoryData<string>();
        foreach (string path in Goldens(folder))
        {
            data.Add(Path.GetFileName(path));
        }
        return data;
    }

    public static Tensor Read(SafeTensorsFile file, string key) => new TensorSource(file).Read(key);

    public static Tensor ReadFloat(SafeTensorsFile file, string key)
    {
        using Tensor stored = Read(file, key);
        return stored.to_type(ScalarType.Float32);
    }

    public static float[] Floats(Tensor tensor)
    {
        using Tensor contiguous = tensor.detach().to_type(ScalarType.Float32).contiguous();
        return contiguous.data<float>().ToArray();
    }

    public static long[] Longs(Tensor tensor)
    {
        using Tensor contiguous = tensor.detach().to_type(ScalarType.Int64).contiguous();
        return contiguous.data<long>().ToArray();
    }

    public static void Close(Tensor actual, SafeTensorsFile golden, string key, double tolerance)
    {
        using Tensor expected = ReadFloat(golden, key);
        Assert.Equal(expected.shape, actual.shape);
        Agreement.Close(Floats(actual), Floats(expected), tolerance, $"{Path.GetFileName(golden.Path)} {key}");
    }
}
