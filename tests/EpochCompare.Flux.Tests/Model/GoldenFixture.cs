using EpochCompare.Flux.Config;
using EpochCompare.Flux.Model;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Tests.Model;

/// <summary>One reference fixture: its config, a model loaded with its weights, and its tensors.</summary>
internal sealed class GoldenFixture : IDisposable
{
    public GoldenFixture(string fileName)
    {
        File = SafeTensorsFile.Open(FixturePaths.File(fileName));
        Params = FluxParamsJson.Parse(File.Metadata["config"], fileName);
        Model = new FluxModel(Params);
        Report = FluxStateDict.Load(Model, File, "model.");
    }

    public SafeTensorsFile File { get; }

    public FluxParams Params { get; }

    public FluxModel Model { get; }

    public StateDictReport Report { get; }

    public Tensor Read(string name)
    {
        SafeTensorEntry entry = File.GetEntry(name);
        return Tensor.FromArray(File.ReadSingles(name), entry.Shape.Select(d => (int)d).ToArray());
    }

    /// <summary>The fixture's inputs; img, txt and y require grad so their gradients can be checked.</summary>
    public FluxInputs Inputs(bool requireGrad)
    {
        Tensor img = Read("input.img"), txt = Read("input.txt"), y = Read("input.y");
        img.RequiresGrad = txt.RequiresGrad = y.RequiresGrad = requireGrad;
        return new FluxInputs(img, Read("input.img_ids"), txt, Read("input.txt_ids"),
            File.ReadSingles("input.timesteps"), y,
            File.Contains("input.guidance") ? File.ReadSingles("input.guidance") : null);
    }

    public void Dispose() => File.Dispose();

    public static IEnumerable<object[]> All() => FixturePaths.ModelFixtures().Select(p => new object[] { Path.GetFileName(p) });
}
