using EpochCompare.Flux.Modules;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Model;

/// <summary>
/// lin(SiLU(vec)) chunked into (shift, scale, gate) triples: two for a double block (attention, MLP),
/// one for a single block.
/// </summary>
public sealed class Modulation : Module
{
    public Modulation(string path, int hidden, bool isDouble)
        : base(path)
    {
        IsDouble = isDouble;
        Lin = Child(new Linear(ChildPath("lin"), hidden, (isDouble ? 6 : 3) * hidden));
    }

    public bool IsDouble { get; }

    public Linear Lin { get; }

    /// <summary>The second triple is null for single blocks.</summary>
    public (ModulationOut First, ModulationOut? Second) Forward(Tensor vec)
    {
        Tensor[] parts = Ops.Chunk(Lin.Forward(Ops.Silu(vec)), IsDouble ? 6 : 3, -1);
        var first = new ModulationOut(parts[0], parts[1], parts[2]);
        return (first, IsDouble ? new ModulationOut(parts[3], parts[4], parts[5]) : null);
    }
}
