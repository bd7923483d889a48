using EpochCompare.Flux.Config;
using EpochCompare.Flux.Weights;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Transformer;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.Transformer;

/// <summary>One reference fixture on the TorchSharp transformer: built on the meta device, then loaded from the file.</summary>
internal sealed class TorchGolden : IDisposable
{
    public TorchGolden(string fileName)
    {
        File = SafeTensorsFile.Open(FixturePaths.File(fileName));
        Params = FluxParamsJson.Parse(File.Metadata["config"], fileName);
        Model = new FluxTransformer(Params, META);
        Report = StateDictLoader.Load(Model, File, "model.");
    }

    public SafeTensorsFile File { get; }

    public FluxParams Params { get; }

    public FluxTransformer Model { get; }

    public StateDictReport Report { get; }

    public Tensor Read(string name) => SafeTensorTorch.Read(File, name);

    public float[] Expected(string name) => File.ReadSingles(name);

    public FluxInput Input(bool requireGrad)
    {
        Tensor img = Read("input.img"), txt = Read("input.txt"), y = Read("input.y");
        img.requires_grad = txt.requires_grad = y.requires_grad = requireGrad;
        return new FluxInput(img, Read("input.img_ids"), txt, Read("input.txt_ids"), Read("input.timesteps"), y,
            File.Contains("input.guidance") ? Read("input.guidance") : null);
    }

    public static float[] Values(Tensor t) => t.detach().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();

    public void Dispose()
    {
        Model.Dispose();
        File.Dispose();
    }

    public static IEnumerable<object[]> All() => FixturePaths.ModelFixtures().Select(p => new object[] { Path.GetFileName(p) });
}
