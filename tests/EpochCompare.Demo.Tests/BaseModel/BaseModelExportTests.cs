using EpochCompare.Demo.BaseModel;
using EpochCompare.Flux.Checkpoints;
using EpochCompare.Flux.Devices;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Weights;
using EpochCompare.Training.Loop;
using static TorchSharp.torch;

namespace EpochCompare.Demo.Tests.BaseModel;

public sealed class BaseModelExportTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ec-export-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A random flux-tiny written in float32 as a full-mode run writes it; returns its weights by key and the file.</summary>
    private (Dictionary<string, float[]> Weights, string Path) WriteFloat32Checkpoint(float? poison = null)
    {
        using FluxTinyBase model = FluxTinyBase.CreateRandom(3, ComputeDevice.Cpu);
        if (poison is float value)
        {
            using (no_grad())
            {
                model.Text.state_dict()["pooled_proj.bias"][0] = value;
            }
        }
        string path = Path.Combine(_root, "full.safetensors");
        model.Save(path, new Dictionary<string, string> { ["ss_epoch"] = "14" });
        return (Weights(model), path);
    }

    private static Dictionary<string, float[]> Weights(FluxTinyBase model) =>
        model.Transformer.state_dict().Select(kv => (kv.Key, kv.Value))
            .Concat(model.Text.state_dict().Select(kv => ("text_encoder." + kv.Key, kv.Value)))
            .ToDictionary(kv => kv.Item1, kv => SafeTensorTorch.ToSingles(kv.Item2));

    [Fact]
    public void TheFloat16BaseLoadsAsTheSameModelWithinHalfPrecision()
    {
        (Dictionary<string, float[]> expected, string checkpoint) = WriteFloat32Checkpoint();
        string shipped = Path.Combine(_root, "base.safetensors");
        BaseModelExport.ToFloat16(checkpoint, shipped);

        using (SafeTensorsFile file = SafeTensorsFile.Open(shipped))
        {
            Assert.All(file.Entries, e => Assert.Equal(SafeTensorDType.F16, e.DType));
            Assert.Equal("14", file.Metadata["ss_epoch"]);
            Assert.True(file.Metadata.ContainsKey(BaseModelLoader.ConfigMetadataKey));
        }
        using FluxTinyBase loaded = BaseModelLoader.Load(shipped, 0, ComputeDevice.Cpu, _ => { });
        Dictionary<string, float[]> actual = Weights(loaded);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach ((string name, float[] a) in expected)
        {
            float[] b = actual[name];
            for (int j = 0; j < a.Length; j++)
            {
                Assert.True(MathF.Abs(a[j] - b[j]) <= MathF.Abs(a[j]) * 1e-3f + 1e-7f, $"{name}[{j}]: {a[j]} vs {b[j]}");
            }
        }
    }

    [Fact]
    public void AValueFloat16CannotHoldIsAnErrorNamingTheFileAndNothingIsWritten()
    {
        (_, string checkpoint) = WriteFloat32Checkpoint(poison: 1e6f);
        string shipped = Path.Combine(_root, "base.safetensors");
        var error = Assert.Throws<InvalidDataException>(() => BaseModelExport.ToFloat16(checkpoint, shipped));
        Assert.Contains(checkpoint, error.Message);
        Assert.Contains("pooled_proj.bias", error.Message);
        Assert.False(File.Exists(shipped));
    }
}
