using EpochCompare.Flux.TextEncoding.OwnEngine;
using ITextConditioner = EpochCompare.Flux.TextEncoding.OwnEngine.ITextConditioner;
using TextConditioning = EpochCompare.Flux.TextEncoding.OwnEngine.TextConditioning;
using TinyTextEncoder = EpochCompare.Flux.TextEncoding.OwnEngine.TinyTextEncoder;
using EpochCompare.Demo.BaseModel;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Model;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Tensors;
using EpochCompare.Training.Loop;

namespace EpochCompare.Demo.Tests.BaseModel;

public sealed class BaseModelExportTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ec-export-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (FluxModel Flux, TinyTextEncoder Text, string Path) WriteFloat32Checkpoint(float? poison = null)
    {
        var flux = new FluxModel(FluxPresets.Tiny);
        FluxInitializer.Initialize(flux, 3);
        var text = TinyTextEncoder.CreateFluxTiny();
        text.InitializeRandom(3);
        if (poison is float value)
        {
            text.PooledBias.Span[0] = value;
        }
        IEnumerable<Parameter> parameters = flux.Parameters().Select(s => s.Value).Concat(text.Parameters);
        string path = Path.Combine(_root, "full.safetensors");
        SafeTensorsWriter.Write(path,
            parameters.Select(p => SafeTensorToWrite.F32(p.Name, p.Shape.ToArray().Select(d => (long)d).ToArray(), p.ToArray())),
            new Dictionary<string, string> { ["ss_epoch"] = "14" });
        return (flux, text, path);
    }

    [Fact]
    public void TheFloat16BaseLoadsAsTheSameModelWithinHalfPrecision()
    {
        (FluxModel flux, TinyTextEncoder text, string checkpoint) = WriteFloat32Checkpoint();
        string shipped = Path.Combine(_root, "base.safetensors");
        BaseModelExport.ToFloat16(checkpoint, shipped);

        using (SafeTensorsFile file = SafeTensorsFile.Open(shipped))
        {
            Assert.All(file.Entries, e => Assert.Equal(SafeTensorDType.F16, e.DType));
            Assert.Equal("14", file.Metadata["ss_epoch"]);
            Assert.True(file.Metadata.ContainsKey(BaseModelLoader.ConfigMetadataKey));
        }
        (FluxModel loaded, TinyTextEncoder loadedText, _) = BaseModelLoader.Load(shipped, 0, _ => { });
        var expected = flux.Parameters().Select(s => s.Value).Concat(text.Parameters).ToList();
        var actual = loaded.Parameters().Select(s => s.Value).Concat(loadedText.Parameters).ToList();
        Assert.Equal(expected.Select(p => p.Name), actual.Select(p => p.Name));
        for (int i = 0; i < expected.Count; i++)
        {
            float[] a = expected[i].ToArray(), b = actual[i].ToArray();
            for (int j = 0; j < a.Length; j++)
            {
                Assert.True(MathF.Abs(a[j] - b[j]) <= MathF.Abs(a[j]) * 1e-3f + 1e-7f, $"{expected[i].Name}[{j}]: {a[j]} vs {b[j]}");
            }
        }
    }

    [Fact]
    public void AValueFloat16CannotHoldIsAnErrorNamingTheFileAndNothingIsWritten()
    {
        (_, _, string checkpoint) = WriteFloat32Checkpoint(poison: 1e6f);
        string shipped = Path.Combine(_root, "base.safetensors");
        var error = Assert.Throws<InvalidDataException>(() => BaseModelExport.ToFloat16(checkpoint, shipped));
        Assert.Contains(checkpoint, error.Message);
        Assert.Contains("pooled_proj.bias", error.Message);
        Assert.False(File.Exists(shipped));
    }
}
